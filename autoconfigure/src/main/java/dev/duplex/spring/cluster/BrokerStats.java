package dev.duplex.spring.cluster;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a broker sent to and received from other nodes, so that a message published while the broker was
 * unreachable shows as failed rather than disappearing. Brokers that reach other nodes update it; the
 * {@code duplex.broker.*} meters read it.
 */
public final class BrokerStats {

  private final LongAdder published = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder received = new LongAdder();

  public void recordPublished() {
    published.increment();
  }

  public void recordPublishFailure() {
    publishFailures.increment();
  }

  public void recordReceived() {
    received.increment();
  }

  /** Messages handed to the broker for the other nodes. */
  public long published() {
    return published.sum();
  }

  /** Messages the broker could not take: the other nodes never saw them. */
  public long publishFailures() {
    return publishFailures.sum();
  }

  /** Messages received from other nodes. */
  public long received() {
    return received.sum();
  }
}
