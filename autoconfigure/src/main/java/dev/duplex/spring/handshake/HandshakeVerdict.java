package dev.duplex.spring.handshake;

import dev.duplex.engine.handshake.HandshakeResponse;
import java.util.Objects;

/** What a {@link WsHandshakeInterceptor} decided. */
public sealed interface HandshakeVerdict {

  /** Let the handshake go on to the next interceptor, and then to the upgrade. */
  static HandshakeVerdict proceed() {
    return Proceed.INSTANCE;
  }

  /**
   * Refuse before the upgrade.
   *
   * @param reason a short, stable, low-cardinality name of the refusal, such as {@code unauthorized} or
   *     {@code forbidden_origin}, for logs and metrics
   * @param response the HTTP response the client gets
   */
  static HandshakeVerdict refuse(String reason, HandshakeResponse response) {
    return new Refuse(reason, response);
  }

  /** Refuses with a status and a short plain-text message. */
  static HandshakeVerdict refuse(String reason, int status, String message) {
    return new Refuse(reason, HandshakeResponse.reject(status, message));
  }

  /** The handshake goes on. */
  enum Proceed implements HandshakeVerdict {
    INSTANCE
  }

  /**
   * The handshake is refused.
   *
   * @param reason why, as a low-cardinality name
   * @param response what the client is told
   */
  record Refuse(String reason, HandshakeResponse response) implements HandshakeVerdict {

    public Refuse {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(response, "response");
    }
  }
}
