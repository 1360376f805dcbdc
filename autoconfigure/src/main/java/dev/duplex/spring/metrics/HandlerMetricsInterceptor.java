package dev.duplex.spring.metrics;

import static dev.duplex.spring.metrics.DuplexMeterNames.HANDLER;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_ENDPOINT;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_KIND;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_OUTCOME;
import static dev.duplex.spring.metrics.DuplexMeterNames.TAG_TYPE;

import dev.duplex.spring.dispatch.HandlerInfo;
import dev.duplex.spring.dispatch.WsInvocationInterceptor;
import dev.duplex.spring.resolve.WsInvocation;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.core.Ordered;

/**
 * Times every handler method call as {@value DuplexMeterNames#HANDLER}, tagged with the endpoint, the kind of
 * handler, the message type and the outcome ({@code success} or {@code error}). A handler that returns a
 * {@link CompletionStage} is timed until the stage completes.
 *
 * <p>A call costs two clock reads and two additions: by default the timer is a {@link FunctionTimer} over
 * adders (count and total time). With percentile histograms it is a {@link Timer}, which also keeps the maximum
 * and the histogram, at the price of a third clock read and the histogram's work on every call. The timers of a
 * handler are resolved on its first call and kept by handler identity.
 */
public final class HandlerMetricsInterceptor implements WsInvocationInterceptor, Ordered {

  /** Runs outside every other interceptor, so that their time is part of the call. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final MeterRegistry registry;
  private final boolean percentileHistogram;
  /** Copy-on-write: read on every call, written once per handler. */
  private volatile Map<HandlerInfo, Timers> timers = new IdentityHashMap<>();

  /** Where the calls of one handler with one outcome are recorded. */
  private interface Recorder {

    void record(long nanos);
  }

  /** Count and total time, exported as a {@link FunctionTimer}. */
  private static final class Totals implements Recorder {

    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    @Override
    public void record(long elapsed) {
      count.increment();
      nanos.add(elapsed);
    }
  }

  private record Timers(Recorder success, Recorder error) { }

  /**
   * @param percentileHistogram whether the timers publish percentile histograms (and a maximum)
   */
  public HandlerMetricsInterceptor(MeterRegistry registry, boolean percentileHistogram) {
    this.registry = registry;
    this.percentileHistogram = percentileHistogram;
  }

  @Override
  public Object intercept(WsInvocation invocation, HandlerInfo handler, Proceed proceed) throws Throwable {
    Timers handlerTimers = timersOf(handler);
    long start = System.nanoTime();
    Object result;
    try {
      result = proceed.proceed();
    } catch (Throwable error) {
      handlerTimers.error().record(System.nanoTime() - start);
      throw error;
    }
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete((value, error) -> (error == null ? handlerTimers.success() : handlerTimers.error())
          .record(System.nanoTime() - start));
    } else {
      handlerTimers.success().record(System.nanoTime() - start);
    }
    return result;
  }

  private Timers timersOf(HandlerInfo handler) {
    Timers known = timers.get(handler);
    if (known != null) {
      return known;
    }
    synchronized (this) {
      known = timers.get(handler);
      if (known == null) {
        known = new Timers(timer(handler, "success"), timer(handler, "error"));
        Map<HandlerInfo, Timers> copy = new IdentityHashMap<>(timers);
        copy.put(handler, known);
        timers = copy;
      }
      return known;
    }
  }

  private Recorder timer(HandlerInfo handler, String outcome) {
    String[] tags = {TAG_ENDPOINT, handler.endpoint(), TAG_KIND, kind(handler), TAG_TYPE, type(handler),
        TAG_OUTCOME, outcome};
    if (percentileHistogram) {
      Timer timer = Timer.builder(HANDLER).description("Handler method calls").tags(tags)
          .publishPercentileHistogram(true).register(registry);
      return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }
    Totals totals = new Totals();
    FunctionTimer.builder(HANDLER, totals, t -> t.count.sum(), t -> t.nanos.sum(), TimeUnit.NANOSECONDS)
        .description("Handler method calls").tags(tags).register(registry);
    return totals;
  }

  /** {@code open}, {@code message} or {@code close}. */
  static String kind(HandlerInfo handler) {
    return handler.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The envelope type of a typed handler, {@code raw} for a raw one, {@code none} for open and close. */
  static String type(HandlerInfo handler) {
    if (handler.type() != null) {
      return handler.type();
    }
    return handler.kind() == HandlerInfo.Kind.MESSAGE ? "raw" : "none";
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
