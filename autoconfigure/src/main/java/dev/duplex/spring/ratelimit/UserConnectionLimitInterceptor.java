package dev.duplex.spring.ratelimit;

import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import dev.duplex.spring.security.JwtHandshakeInterceptor;
import java.security.Principal;
import java.time.Duration;
import org.springframework.core.Ordered;

/**
 * Refuses, with 429 and {@code Retry-After}, a handshake of a user who holds the maximum of connections. Runs
 * after token verification, so it sees the user a token named; handshakes without a user are not counted.
 */
public final class UserConnectionLimitInterceptor implements WsHandshakeInterceptor, Ordered {

  /** Right after the token was verified. */
  public static final int ORDER = JwtHandshakeInterceptor.ORDER + 500;

  /** Refusal reason: the user holds its maximum of connections (429). */
  public static final String PER_USER = "connection_limit_user";

  private final ConnectionCounter counter;
  private final int maxPerUser;
  private final Duration retryAfter;

  /**
   * @param maxPerUser connections per user; 0 for no cap
   */
  public UserConnectionLimitInterceptor(ConnectionCounter counter, int maxPerUser, Duration retryAfter) {
    this.counter = counter;
    this.maxPerUser = maxPerUser;
    this.retryAfter = retryAfter;
  }

  @Override
  public HandshakeVerdict beforeHandshake(WsHandshakeContext context) {
    if (maxPerUser == 0
        || !(context.attributes().get(WsHandshakeContext.PRINCIPAL_ATTRIBUTE) instanceof Principal user)) {
      return HandshakeVerdict.proceed();
    }
    HandshakeVerdict refusal = ConnectionRefusals.takePlace(context, counter, "user:" + user.getName(), maxPerUser,
        PER_USER, "too many connections for this user", retryAfter);
    return refusal != null ? refusal : HandshakeVerdict.proceed();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "UserConnectionLimitInterceptor[maxPerUser=" + maxPerUser + "]";
  }
}
