package dev.duplex.spring.messaging;

/**
 * Thrown by a handler to answer the request with an {@code error} envelope of its choosing; the connection stays
 * open.
 */
public class WsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient WsErrorReply reply;

  public WsException(String code, String message) {
    super(message);
    this.reply = WsErrorReply.of(code, message);
  }

  public WsErrorReply reply() {
    return reply;
  }
}
