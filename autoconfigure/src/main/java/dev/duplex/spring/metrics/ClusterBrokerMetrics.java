package dev.duplex.spring.metrics;

import static dev.duplex.spring.metrics.DuplexMeterNames.BROKER_CONNECTED;
import static dev.duplex.spring.metrics.DuplexMeterNames.BROKER_PUBLISHED;
import static dev.duplex.spring.metrics.DuplexMeterNames.BROKER_RECEIVED;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_OUTCOME;

import dev.duplex.spring.cluster.BrokerStats;
import dev.duplex.spring.cluster.ClusterBroker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code duplex.broker.*} meters, read from {@link BrokerStats} and the broker when scraped: what was
 * published to the other nodes and what failed to be, what was received, and whether the broker is connected.
 */
public final class ClusterBrokerMetrics implements MeterBinder {

  private final ClusterBroker broker;
  private final BrokerStats stats;

  public ClusterBrokerMetrics(ClusterBroker broker, BrokerStats stats) {
    this.broker = broker;
    this.stats = stats;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(BROKER_PUBLISHED, stats, BrokerStats::published).tag(TAG_OUTCOME, "success")
        .description("Messages handed to the cluster broker for the other nodes").register(registry);
    FunctionCounter.builder(BROKER_PUBLISHED, stats, BrokerStats::publishFailures).tag(TAG_OUTCOME, "failure")
        .description("Messages the cluster broker could not take; the other nodes never saw them")
        .register(registry);
    FunctionCounter.builder(BROKER_RECEIVED, stats, BrokerStats::received)
        .description("Messages received from other nodes").register(registry);
    Gauge.builder(BROKER_CONNECTED, broker, connected -> connected.isConnected() ? 1 : 0)
        .description("1 while the cluster broker reaches the other nodes").register(registry);
  }
}
