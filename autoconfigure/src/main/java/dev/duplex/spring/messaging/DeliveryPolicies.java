package dev.duplex.spring.messaging;

import java.util.Map;

/** The delivery policy of each message type; types not listed are {@link DeliveryPolicy#RELIABLE}. */
public final class DeliveryPolicies {

  private final Map<String, DeliveryPolicy> byType;

  public DeliveryPolicies(Map<String, DeliveryPolicy> byType) {
    this.byType = Map.copyOf(byType);
  }

  public DeliveryPolicy policyFor(String type) {
    return type == null ? DeliveryPolicy.RELIABLE : byType.getOrDefault(type, DeliveryPolicy.RELIABLE);
  }

  /** The message to send for an envelope of {@code type}, with its policy and key. */
  public OutboundMessage message(dev.duplex.engine.PreparedMessage frame, String type, String key) {
    return new OutboundMessage(frame, type, policyFor(type), key);
  }
}
