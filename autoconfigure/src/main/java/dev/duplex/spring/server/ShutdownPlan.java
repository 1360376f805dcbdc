package dev.duplex.spring.server;

import dev.duplex.engine.CloseStatus;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How sessions are closed at shutdown: in batches, each session told in its close reason how long to wait before
 * reconnecting, a delay drawn at random between two bounds so that clients do not all come back at once.
 *
 * <p>The reason is JSON, for example {@code {"retryAfterMs":3817}}, which fits the 123 bytes a close reason has.
 *
 * @param closeCode 1001 (going away) or 1012 (service restart)
 */
public record ShutdownPlan(int closeCode, Duration timeout, int batchSize, Duration batchInterval,
    Duration reconnectDelayMin, Duration reconnectDelayMax) {

  /** The close status for one session, with its own reconnect delay. */
  public CloseStatus nextStatus() {
    long min = reconnectDelayMin.toMillis();
    long max = reconnectDelayMax.toMillis();
    long delay = max > min ? ThreadLocalRandom.current().nextLong(min, max + 1) : min;
    return CloseStatus.of(closeCode, "{\"retryAfterMs\":" + delay + "}");
  }
}
