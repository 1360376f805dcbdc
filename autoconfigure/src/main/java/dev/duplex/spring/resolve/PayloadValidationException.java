package dev.duplex.spring.resolve;

import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.messaging.WsException;

/** A payload broke its Bean Validation constraints; answered with {@code validation_failed} and each field. */
public final class PayloadValidationException extends WsException {

  private static final long serialVersionUID = 1L;

  private final transient WsErrorReply reply;

  public PayloadValidationException(WsErrorReply reply) {
    super(reply.code(), reply.message());
    this.reply = reply;
  }

  @Override
  public WsErrorReply reply() {
    return reply;
  }
}
