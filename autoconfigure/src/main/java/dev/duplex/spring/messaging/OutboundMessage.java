package dev.duplex.spring.messaging;

import dev.duplex.engine.PreparedMessage;

/**
 * A message on its way to one or more sessions: encoded once, with what its delivery policy needs.
 *
 * @param type the envelope type, or {@code null} for a raw message
 * @param key the key under which a {@link DeliveryPolicy#LATEST} message replaces older pending ones
 */
public record OutboundMessage(PreparedMessage frame, String type, DeliveryPolicy policy, String key) {

  public static OutboundMessage raw(PreparedMessage frame) {
    return new OutboundMessage(frame, null, DeliveryPolicy.RELIABLE, null);
  }
}
