package dev.duplex.engine;

/**
 * A client's opening handshake failed: the server refused (its HTTP status is kept), answered in a way RFC 6455
 * section 4.1 does not allow, or the connection ended or timed out first.
 */
public final class WsHandshakeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public WsHandshakeException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status of the server's answer, or 0 when there was no complete answer. */
  public int status() {
    return status;
  }
}
