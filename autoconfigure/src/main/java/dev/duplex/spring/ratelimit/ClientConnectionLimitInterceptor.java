package dev.duplex.spring.ratelimit;

import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;

/**
 * Refuses handshakes before anything else looks at them: over the handshake rate of the client's IP with 429, when
 * the server holds its maximum of connections with 503, and when the client's IP holds its maximum with 429; each
 * with {@code Retry-After}. A connection counts from its handshake until its session ends.
 */
public final class ClientConnectionLimitInterceptor implements WsHandshakeInterceptor, Ordered {

  /** Before the origin check and token verification, so that floods are turned away cheaply. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 500;

  /** Refusal reason: the client's IP opened handshakes too fast (429). */
  public static final String HANDSHAKE_RATE = "handshake_rate_limited";

  /** Refusal reason: the server holds its maximum of connections (503). */
  public static final String TOTAL = "connection_limit_total";

  /** Refusal reason: the client's IP holds its maximum of connections (429). */
  public static final String PER_IP = "connection_limit_ip";

  private final MessageRate handshakeRate;
  private final SharedBuckets buckets;
  private final ConnectionCounter counter;
  private final int maxTotal;
  private final int maxPerIp;
  private final Duration retryAfter;
  private final AtomicInteger total = new AtomicInteger();

  /**
   * @param handshakeRate handshakes per client IP; unlimited or {@code null} for no limit
   * @param maxTotal connections of this server; 0 for no cap
   * @param maxPerIp connections per client IP; 0 for no cap
   * @param retryAfter what a refusal by a cap tells the client to wait
   */
  public ClientConnectionLimitInterceptor(MessageRate handshakeRate, SharedBuckets buckets,
      ConnectionCounter counter, int maxTotal, int maxPerIp, Duration retryAfter) {
    this.handshakeRate = handshakeRate == null || handshakeRate.isUnlimited() ? null : handshakeRate;
    this.buckets = buckets;
    this.counter = counter;
    this.maxTotal = maxTotal;
    this.maxPerIp = maxPerIp;
    this.retryAfter = retryAfter;
  }

  @Override
  public HandshakeVerdict beforeHandshake(WsHandshakeContext context) {
    String ip = context.clientAddress().getHostAddress();
    if (handshakeRate != null) {
      ConsumptionProbe probe = buckets.tryConsume("handshake:ip:" + ip, handshakeRate);
      if (!probe.isConsumed()) {
        return ConnectionRefusals.refuse(HANDSHAKE_RATE, 429, "too many handshakes from this address",
            Duration.ofNanos(probe.getNanosToWaitForRefill()));
      }
    }
    if (maxTotal > 0) {
      if (total.incrementAndGet() > maxTotal) {
        total.decrementAndGet();
        return ConnectionRefusals.refuse(TOTAL, 503, "the server is at its connection limit", retryAfter);
      }
      context.onEnd(total::decrementAndGet);
    }
    if (maxPerIp > 0) {
      HandshakeVerdict refusal = ConnectionRefusals.takePlace(context, counter, "ip:" + ip, maxPerIp, PER_IP,
          "too many connections from this address", retryAfter);
      if (refusal != null) {
        return refusal;
      }
    }
    return HandshakeVerdict.proceed();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "ClientConnectionLimitInterceptor[handshakes=" + handshakeRate + ", maxTotal=" + maxTotal
        + ", maxPerIp=" + maxPerIp + "]";
  }
}
