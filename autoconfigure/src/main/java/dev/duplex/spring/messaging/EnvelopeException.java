package dev.duplex.spring.messaging;

/** A text message that is not a valid envelope: not JSON, not an object, or without a string {@code type}. */
public final class EnvelopeException extends Exception {

  private static final long serialVersionUID = 1L;

  EnvelopeException(String message) {
    super(message, null, false, false);
  }
}
