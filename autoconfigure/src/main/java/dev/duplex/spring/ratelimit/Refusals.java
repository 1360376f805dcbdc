package dev.duplex.spring.ratelimit;

import dev.duplex.engine.handshake.HandshakeResponse;
import dev.duplex.spring.handshake.HandshakeVerdict;
import java.time.Duration;

/** The HTTP answers of the connection limits: a status, a short message and {@code Retry-After} in seconds. */
final class Refusals {

  private Refusals() {
  }

  static HandshakeVerdict refuse(String reason, int status, String message, Duration retryAfter) {
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return HandshakeVerdict.refuse(reason, HandshakeResponse.reject(status, message)
        .withHeader("Retry-After", Long.toString(seconds)));
  }
}
