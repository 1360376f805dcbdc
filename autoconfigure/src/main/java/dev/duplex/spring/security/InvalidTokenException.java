package dev.duplex.spring.security;

import java.util.Objects;

/** A bearer token was refused. The message says why for logs and never contains the token. */
public class InvalidTokenException extends Exception {

  private static final long serialVersionUID = 1L;

  private final TokenFailure failure;

  public InvalidTokenException(TokenFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public TokenFailure failure() {
    return failure;
  }
}
