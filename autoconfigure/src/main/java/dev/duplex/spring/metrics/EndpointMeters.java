package dev.duplex.spring.metrics;

import static dev.duplex.spring.metrics.DuplexMeterNames.CONNECTIONS_ACTIVE;
import static dev.duplex.spring.metrics.DuplexMeterNames.CONNECTIONS_CLOSED;
import static dev.duplex.spring.metrics.DuplexMeterNames.CONNECTIONS_DURATION;
import static dev.duplex.spring.metrics.DuplexMeterNames.CONNECTIONS_OPENED;
import static dev.duplex.spring.metrics.DuplexMeterNames.HANDSHAKES;
import static dev.duplex.spring.metrics.DuplexMeterNames.LIMIT_REJECTIONS;
import static dev.duplex.spring.metrics.DuplexMeterNames.MESSAGES_RECEIVED;
import static dev.duplex.spring.metrics.DuplexMeterNames.MESSAGES_SENT;
import static dev.duplex.spring.metrics.DuplexMeterNames.MESSAGES_SIZE;
import static dev.duplex.spring.metrics.DuplexMeterNames.OTHER;
import static dev.duplex.spring.metrics.DuplexMeterNames.PROTOCOL_ERRORS;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_ACTION;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_CODE;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_DIRECTION;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_ENDPOINT;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_LIMIT;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_OUTCOME;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_TYPE;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.observe.EndpointObserver;
import dev.duplex.spring.observe.ObservedEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** The meters of one endpoint; see {@link DuplexMeterObserver}. */
final class EndpointMeters implements EndpointObserver {

  /** Key of the close-code counter that takes codes past the limit of distinct values. */
  private static final int OTHER_CODE = -1;

  /** Close codes that report a protocol error or data the endpoint refused (RFC 6455 section 7.4.1). */
  private static final Set<Integer> PROTOCOL_ERROR_CODES = Set.of(CloseStatus.PROTOCOL_ERROR,
      CloseStatus.UNSUPPORTED_DATA, CloseStatus.INVALID_PAYLOAD, CloseStatus.MESSAGE_TOO_BIG);

  private final MeterRegistry registry;
  private final Tags tags;
  private final int maxTagValues;
  private final AtomicLong active = new AtomicLong();
  private final Counter opened;
  private final Timer duration;
  private final ConcurrentMap<String, Counter> handshakes = new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Counter> closed = new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Counter> protocolErrors = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> limitRejections = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> limitCloses = new ConcurrentHashMap<>();
  /**
   * Received messages by type: the registered types, raw and other; fixed once built. Message counts are
   * function counters over adders, because those of engine-listener endpoints can only be read from the engine,
   * and one meter name must have one meter type. The adders are held here: function counters keep only weak
   * references.
   */
  private final Map<String, LongAdder> received;
  private final LongAdder receivedOther;
  private final ConcurrentMap<String, LongAdder> sent = new ConcurrentHashMap<>();
  private final LongAdder sentRaw;
  /** {@code null} unless message sizes are recorded. */
  private final DistributionSummary sizeIn;
  private final DistributionSummary sizeOut;
  /** The open sessions of an engine-listener endpoint, whose messages are counted by the engine. */
  private final ListenerTraffic listenerTraffic;

  EndpointMeters(MeterRegistry registry, ObservedEndpoint endpoint, boolean messageSizes, boolean percentileHistogram,
      int maxTagValues) {
    this.registry = registry;
    this.tags = Tags.of(TAG_ENDPOINT, endpoint.path());
    this.maxTagValues = maxTagValues;
    Gauge.builder(CONNECTIONS_ACTIVE, active, AtomicLong::get).strongReference(true).tags(tags)
        .description("Open sessions").register(registry);
    opened = Counter.builder(CONNECTIONS_OPENED).tags(tags).description("Sessions opened").register(registry);
    duration = Timer.builder(CONNECTIONS_DURATION).tags(tags).description("How long sessions were open")
        .publishPercentileHistogram(percentileHistogram)
        .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(12))
        .register(registry);
    if (endpoint.listener()) {
      listenerTraffic = new ListenerTraffic();
      FunctionCounter.builder(MESSAGES_RECEIVED, listenerTraffic, ListenerTraffic::received)
          .tags(tags).tag(TAG_TYPE, RAW).description("Messages received").register(registry);
      FunctionCounter.builder(MESSAGES_SENT, listenerTraffic, ListenerTraffic::sent)
          .tags(tags).tag(TAG_TYPE, RAW).description("Messages sent").register(registry);
    } else {
      listenerTraffic = null;
    }
    Map<String, LongAdder> byType = new HashMap<>();
    for (String type : endpoint.types()) {
      byType.put(type, receivedCounter(type));
    }
    if (endpoint.listener()) {
      receivedOther = new LongAdder();
    } else {
      receivedOther = receivedCounter(OTHER);
      byType.put(OTHER, receivedOther);
      byType.put(RAW, receivedCounter(RAW));
    }
    received = Map.copyOf(byType);
    if (endpoint.listener()) {
      sentRaw = new LongAdder();
    } else {
      sentRaw = sentCounter(RAW);
      sent.put(RAW, sentRaw);
    }
    sizeIn = messageSizes ? size("in", percentileHistogram) : null;
    sizeOut = messageSizes ? size("out", percentileHistogram) : null;
  }

  private LongAdder receivedCounter(String type) {
    return counter(MESSAGES_RECEIVED, "Messages received", type);
  }

  private LongAdder sentCounter(String type) {
    return counter(MESSAGES_SENT, "Messages sent", type);
  }

  private LongAdder counter(String name, String description, String type) {
    LongAdder count = new LongAdder();
    FunctionCounter.builder(name, count, LongAdder::sum).tags(tags).tag(TAG_TYPE, type)
        .description(description).register(registry);
    return count;
  }

  private DistributionSummary size(String direction, boolean percentileHistogram) {
    return DistributionSummary.builder(MESSAGES_SIZE).baseUnit("bytes").tags(tags).tag(TAG_DIRECTION, direction)
        .description("Sizes of message payloads").publishPercentileHistogram(percentileHistogram)
        .register(registry);
  }

  @Override
  public void handshake(String outcome) {
    bounded(handshakes, outcome, OTHER, maxTagValues, value -> Counter.builder(HANDSHAKES).tags(tags)
        .tag(TAG_OUTCOME, value).description("Opening handshakes, by outcome").register(registry)).increment();
  }

  @Override
  public void sessionOpened(WsSession session) {
    active.incrementAndGet();
    opened.increment();
    if (listenerTraffic != null) {
      listenerTraffic.opened(session);
    }
  }

  @Override
  public void sessionClosed(WsSession session, CloseStatus status, long durationNanos) {
    active.decrementAndGet();
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
    int code = status.code();
    bounded(closed, code, OTHER_CODE, maxTagValues, value -> Counter.builder(CONNECTIONS_CLOSED).tags(tags)
        .tag(TAG_CODE, codeTag(value)).description("Sessions closed, by close code").register(registry))
        .increment();
    if (PROTOCOL_ERROR_CODES.contains(code)) {
      protocolErrors.computeIfAbsent(code, value -> Counter.builder(PROTOCOL_ERRORS).tags(tags)
          .tag(TAG_CODE, codeTag(value)).description("Sessions closed for a protocol error or refused data")
          .register(registry)).increment();
    }
    if (listenerTraffic != null) {
      listenerTraffic.closed(session);
    }
  }

  private static String codeTag(int code) {
    return code == OTHER_CODE ? OTHER : Integer.toString(code);
  }

  @Override
  public void messageReceived(String type, int bytes) {
    LongAdder counter = received.get(type);
    (counter != null ? counter : receivedOther).increment();
    if (sizeIn != null) {
      sizeIn.record(bytes);
    }
  }

  @Override
  public void messageSent(String type, int bytes) {
    LongAdder counter = RAW.equals(type) ? sentRaw : sent.get(type);
    if (counter == null) {
      counter = bounded(sent, type, OTHER, maxTagValues, this::sentCounter);
    }
    counter.increment();
    if (sizeOut != null) {
      sizeOut.record(bytes);
    }
  }

  @Override
  public void limitExceeded(String limit, String action) {
    boolean close = CLOSE.equals(action);
    bounded(close ? limitCloses : limitRejections, limit, OTHER, maxTagValues,
        value -> Counter.builder(LIMIT_REJECTIONS).tags(tags).tag(TAG_LIMIT, value)
            .tag(TAG_ACTION, close ? CLOSE : REJECT).description("Messages refused by a limit or filter")
            .register(registry))
        .increment();
  }

  /**
   * The meter for {@code key}, created on first use; once {@code max} keys have meters, a new key shares the
   * meter of {@code otherKey}.
   */
  static <K, M> M bounded(ConcurrentMap<K, M> meters, K key, K otherKey, int max, Function<K, M> create) {
    M meter = meters.get(key);
    if (meter != null) {
      return meter;
    }
    return meters.computeIfAbsent(meters.size() >= max ? otherKey : key, create);
  }

  @Override
  public String toString() {
    return "EndpointMeters" + tags;
  }

  /**
   * The sessions of an engine-listener endpoint. Its messages never pass through the Spring layer, so they are
   * counted from the engine's per-session counters: those of closed sessions plus those of the open ones,
   * under one lock so that a session moving from one to the other is counted exactly once.
   */
  static final class ListenerTraffic {

    private final Set<WsSession> open = ConcurrentHashMap.newKeySet();
    private long closedReceived;
    private long closedSent;

    synchronized void opened(WsSession session) {
      open.add(session);
    }

    synchronized void closed(WsSession session) {
      if (open.remove(session)) {
        closedReceived += session.stats().messagesReceived();
        closedSent += session.stats().messagesSent();
      }
    }

    synchronized double received() {
      return closedReceived + sum(session -> session.stats().messagesReceived());
    }

    synchronized double sent() {
      return closedSent + sum(session -> session.stats().messagesSent());
    }

    private long sum(ToLongFunction<WsSession> counter) {
      long total = 0;
      for (WsSession session : open) {
        total += counter.applyAsLong(session);
      }
      return total;
    }
  }
}
