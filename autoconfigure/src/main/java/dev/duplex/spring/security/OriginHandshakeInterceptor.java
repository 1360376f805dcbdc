package dev.duplex.spring.security;

import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;

/**
 * Refuses handshakes from origins the {@link OriginPolicy} does not allow with {@code 403}, reason
 * {@code forbidden_origin}, before any token is looked at.
 */
public final class OriginHandshakeInterceptor implements WsHandshakeInterceptor, Ordered {

  /** Runs early: an origin check is cheap and comes before authentication. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

  /** The reason of the refusal, for logs and metrics. */
  public static final String REASON = "forbidden_origin";

  private static final Logger log = LoggerFactory.getLogger(OriginHandshakeInterceptor.class);

  private final OriginPolicy policy;
  private final SecurityStats stats;

  public OriginHandshakeInterceptor(OriginPolicy policy, SecurityStats stats) {
    this.policy = policy;
    this.stats = stats;
  }

  @Override
  public HandshakeVerdict beforeHandshake(WsHandshakeContext context) {
    HandshakeRequest request = context.request();
    String origin = request.headers().first("Origin");
    if (policy.allows(origin, request.headers().first("Host"))) {
      return HandshakeVerdict.proceed();
    }
    stats.record(SecurityStats.Event.ORIGIN_REFUSED);
    if (log.isDebugEnabled()) {
      log.debug("origin {} refused for {} by {}", printable(origin), context.endpoint(), policy);
    }
    return HandshakeVerdict.refuse(REASON, 403, "origin not allowed");
  }

  private static String printable(String origin) {
    if (origin == null) {
      return "(none)";
    }
    return origin.length() > 100 ? origin.substring(0, 100) + "..." : origin;
  }

  public OriginPolicy policy() {
    return policy;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "OriginHandshakeInterceptor[" + policy + "]";
  }
}
