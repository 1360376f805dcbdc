package dev.duplex.spring.messaging;

import dev.duplex.engine.WsSendException;

/** Fails the send of a {@link DeliveryPolicy#VOLATILE} message that was dropped because the recipient lagged. */
public final class DroppedMessageException extends WsSendException {

  private static final long serialVersionUID = 1L;

  public DroppedMessageException(String type) {
    super("message of type " + type + " dropped: the recipient's outbound buffer is above half its limit");
  }
}
