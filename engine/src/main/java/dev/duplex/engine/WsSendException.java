package dev.duplex.engine;

/** Fails a send that never reached the socket: the session closed first, or its outbound buffer was full. */
public class WsSendException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WsSendException(String message) {
    super(message, null, false, false);
  }
}
