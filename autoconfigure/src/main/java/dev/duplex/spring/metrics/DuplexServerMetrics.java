package dev.duplex.spring.metrics;

import static dev.duplex.spring.metrics.DuplexMeterNames.BYTES;
import static dev.duplex.spring.metrics.DuplexMeterNames.HANDSHAKES;
import static dev.duplex.spring.metrics.DuplexMeterNames.MESSAGES_DROPPED;
import static dev.duplex.spring.metrics.DuplexMeterNames.NO_ENDPOINT;
import static dev.duplex.spring.metrics.DuplexMeterNames.OUTBOUND_QUEUED;
import static dev.duplex.spring.metrics.DuplexMeterNames.SLOW_CONSUMER;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_ACTION;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_DIRECTION;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_ENDPOINT;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_OUTCOME;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_TYPE;

import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.TransportStats;
import dev.duplex.engine.transport.WsServer;
import dev.duplex.spring.messaging.DeliveryStats;
import dev.duplex.spring.server.DuplexServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Meters read from the engine's {@link TransportStats} and from the {@link DeliveryStats} when scraped, so they
 * cost nothing on the I/O path: bytes in and out, TCP connections accepted, the handshakes the engine refused
 * before routing (outcomes {@code bad_request}, {@code timeout}, {@code tls}, {@code error}), slow-consumer
 * actions, delivery-policy drops and the bytes waiting in outbound queues.
 *
 * <p>The counters follow the engine server of the {@link DuplexServer}; after it stops they keep its last
 * values.
 */
public final class DuplexServerMetrics implements MeterBinder {

  private final DuplexServer server;
  private final DeliveryStats deliveryStats;
  private final List<String> droppableTypes;
  private volatile WsServer last;

  /**
   * @param droppableTypes the message types whose delivery policy may drop messages (volatile or latest)
   */
  public DuplexServerMetrics(DuplexServer server, DeliveryStats deliveryStats, Collection<String> droppableTypes) {
    this.server = server;
    this.deliveryStats = deliveryStats;
    this.droppableTypes = List.copyOf(droppableTypes);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, BYTES, "Bytes read by the engine, handshakes and frame headers included",
        TransportStats::bytesReceived, TAG_DIRECTION, "in");
    counter(registry, BYTES, "Bytes written by the engine, handshakes and frame headers included",
        TransportStats::bytesSent, TAG_DIRECTION, "out");
    counter(registry, DuplexMeterNames.TCP_ACCEPTED, "TCP connections accepted, before any handshake",
        TransportStats::connectionsAccepted);
    handshakes(registry, "bad_request", TransportStats::handshakesInvalid);
    handshakes(registry, "timeout", TransportStats::handshakeTimeouts);
    handshakes(registry, "tls", TransportStats::tlsHandshakeFailures);
    handshakes(registry, "error", TransportStats::handshakeHandlerFailures);
    counter(registry, SLOW_CONSUMER, "Sessions closed by the slow-consumer policy",
        TransportStats::slowConsumerCloses, TAG_ACTION, "close");
    counter(registry, SLOW_CONSUMER, "Messages dropped by the slow-consumer policy",
        TransportStats::slowConsumerDrops, TAG_ACTION, "drop");
    for (String type : droppableTypes) {
      FunctionCounter.builder(MESSAGES_DROPPED, deliveryStats, stats -> stats.droppedOf(type))
          .tag(TAG_TYPE, type).description("Messages dropped or superseded by their delivery policy")
          .register(registry);
    }
    Gauge.builder(OUTBOUND_QUEUED, this, DuplexServerMetrics::queuedBytes).baseUnit("bytes")
        .description("Bytes queued for sending and not yet written, over every session").register(registry);
  }

  private void handshakes(MeterRegistry registry, String outcome, ToLongFunction<TransportStats> value) {
    counter(registry, HANDSHAKES, "Opening handshakes, by outcome", value, TAG_ENDPOINT, NO_ENDPOINT,
        TAG_OUTCOME, outcome);
  }

  private void counter(MeterRegistry registry, String name, String description, ToLongFunction<TransportStats> value,
      String... tags) {
    FunctionCounter.Builder<DuplexServerMetrics> builder = FunctionCounter.builder(name, this, metrics -> {
      TransportStats stats = metrics.stats();
      return stats == null ? 0 : value.applyAsLong(stats);
    }).tags(tags).description(description);
    if (name.equals(BYTES)) {
      builder.baseUnit("bytes");
    }
    builder.register(registry);
  }

  private double queuedBytes() {
    WsServer current = current();
    if (current == null || !current.isRunning()) {
      return 0;
    }
    long queued = 0;
    for (WsSession session : current.sessions()) {
      queued += session.bufferedAmount();
    }
    return queued;
  }

  private TransportStats stats() {
    WsServer current = current();
    return current == null ? null : current.stats();
  }

  /** The running engine server, or the last one seen. */
  private WsServer current() {
    if (server.isRunning()) {
      try {
        last = server.server();
      } catch (IllegalStateException stoppedMeanwhile) {
        // keep the last one
      }
    }
    return last;
  }
}
