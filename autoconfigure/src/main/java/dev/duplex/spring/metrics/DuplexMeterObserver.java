package dev.duplex.spring.metrics;

import static dev.duplex.spring.metrics.DuplexMeterNames.HANDSHAKES;
import static dev.duplex.spring.metrics.DuplexMeterNames.NO_ENDPOINT;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_ENDPOINT;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_OUTCOME;

import dev.duplex.spring.observe.DuplexObserver;
import dev.duplex.spring.observe.EndpointObserver;
import dev.duplex.spring.observe.ObservedEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Records what the Spring layer reports as Micrometer meters: sessions, messages and handshakes by endpoint.
 * Meters are created when an endpoint is mapped and looked up without building ids on the message path.
 *
 * <p>Tag values that come from the application or the peer (types of sent messages, close codes, refusal
 * reasons) are bounded per endpoint and meter: past {@code maxTagValues} distinct values, the rest are counted
 * under {@value DuplexMeterNames#OTHER}.
 */
public final class DuplexMeterObserver implements DuplexObserver {

  private final MeterRegistry registry;
  private final boolean messageSizes;
  private final boolean percentileHistogram;
  private final int maxTagValues;
  private final ConcurrentMap<String, Counter> unmatched = new ConcurrentHashMap<>();

  /**
   * @param messageSizes whether to record the size of every message in a distribution summary (about 40 ns per
   *     message and direction, mostly the clock read of its maximum)
   * @param percentileHistogram whether message sizes and session durations publish percentile histograms
   * @param maxTagValues most distinct values of an open-ended tag per endpoint and meter
   */
  public DuplexMeterObserver(MeterRegistry registry, boolean messageSizes, boolean percentileHistogram,
      int maxTagValues) {
    if (maxTagValues < 1) {
      throw new IllegalArgumentException("maxTagValues must be positive, was " + maxTagValues);
    }
    this.registry = registry;
    this.messageSizes = messageSizes;
    this.percentileHistogram = percentileHistogram;
    this.maxTagValues = maxTagValues;
  }

  @Override
  public EndpointObserver endpoint(ObservedEndpoint endpoint) {
    return new EndpointMeters(registry, endpoint, messageSizes, percentileHistogram, maxTagValues);
  }

  @Override
  public void handshake(String outcome) {
    EndpointMeters.bounded(unmatched, outcome, DuplexMeterNames.OTHER, maxTagValues, value -> Counter.builder(HANDSHAKES)
        .description("Opening handshakes, by outcome")
        .tag(TAG_ENDPOINT, NO_ENDPOINT).tag(TAG_OUTCOME, value)
        .register(registry)).increment();
  }

  @Override
  public String toString() {
    return "DuplexMeterObserver[" + registry.getClass().getSimpleName() + "]";
  }
}
