package dev.duplex.spring.ratelimit;

import dev.duplex.engine.handshake.HandshakeResponse;
import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import java.time.Duration;

/**
 * The HTTP answers of the connection limits, a status, a short message and {@code Retry-After} in seconds, and the
 * taking of a place under a cap for the lifetime of a session.
 */
final class ConnectionRefusals {

  private ConnectionRefusals() {
  }

  static HandshakeVerdict refuse(String reason, int status, String message, Duration retryAfter) {
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return HandshakeVerdict.refuse(reason, HandshakeResponse.reject(status, message)
        .withHeader("Retry-After", Long.toString(seconds)));
  }

  /**
   * Takes a place under {@code key}, held until the handshake is refused later or its session ends; or refuses
   * with 429 when {@code max} are taken.
   *
   * @return the refusal, or {@code null} when the place was taken
   */
  static HandshakeVerdict takePlace(WsHandshakeContext context, ConnectionCounter counter, String key, int max,
      String reason, String message, Duration retryAfter) {
    ConnectionCounter.Permit permit = counter.tryAcquire(key, max);
    if (permit == null) {
      return refuse(reason, 429, message, retryAfter);
    }
    context.onEnd(permit::release);
    return null;
  }
}
