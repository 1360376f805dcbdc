package dev.duplex.spring.ratelimit;

import dev.duplex.engine.WsSession;
import dev.duplex.spring.filter.WsFilter;
import dev.duplex.spring.filter.WsFilterDecision;
import dev.duplex.spring.filter.WsInboundMessage;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;

/**
 * Holds each session to an inbound byte rate by pausing the reading of its socket, never by dropping data: every
 * message passes, and one that overdraws the session's byte bucket stops reads for as long as the bucket needs to
 * be even again. TCP then slows the client down. The message that overdrew is delivered; what follows waits.
 */
public final class InboundBandwidthFilter implements WsFilter, Ordered, AutoCloseable {

  /** Runs first: every message counts against the bandwidth, even one a later filter rejects. */
  public static final int ORDER = MessageRateLimitFilter.ORDER - 100;

  private static final String BUCKET = InboundBandwidthFilter.class.getName();

  private final long bytesPerSecond;
  private final long burst;
  private final ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "duplex-bandwidth");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param bytesPerSecond the average rate
   * @param burst bytes a session may send at once after a quiet period
   */
  public InboundBandwidthFilter(long bytesPerSecond, long burst) {
    if (bytesPerSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("bytesPerSecond and burst must be positive");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.burst = burst;
  }

  @Override
  public WsFilterDecision filter(WsInboundMessage message) {
    if (message.size() == 0) {
      return WsFilterDecision.pass();
    }
    WsSession session = message.session();
    Bucket bucket = (Bucket) session.attributes().computeIfAbsent(BUCKET, ignored -> newBucket());
    long nanosToWait = bucket.consumeIgnoringRateLimits(message.size());
    if (nanosToWait > 0) {
      session.suspendReading();
      resumer.schedule(session::resumeReading, nanosToWait, TimeUnit.NANOSECONDS);
    }
    return WsFilterDecision.pass();
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(bytesPerSecond, Duration.ofSeconds(1)).build())
        .build();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void close() {
    resumer.shutdownNow();
  }

  @Override
  public String toString() {
    return "InboundBandwidthFilter[" + bytesPerSecond + " B/s, burst " + burst + " B]";
  }
}
