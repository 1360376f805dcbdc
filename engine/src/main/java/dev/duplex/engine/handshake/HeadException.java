package dev.duplex.engine.handshake;

/**
 * A fault in the bytes of an HTTP head, carrying the status that refuses it. It never leaves this package: the
 * parsers turn it into a result, so the peer's mistakes reach the caller as values, not as exceptions.
 */
final class HeadException extends Exception {

  private final int status;

  HeadException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
