package dev.duplex.spring.metrics;

import static dev.duplex.spring.metrics.DuplexMeterNames.DISPATCH_RUNNERS;
import static dev.duplex.spring.metrics.DuplexMeterNames.DISPATCH_WAITING;

import dev.duplex.spring.dispatch.HandlerDispatcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The backlog of executor dispatch, read when scraped: sessions waiting for a runner and runners running. A
 * waiting count that stays above zero while the runners are at their limit means handlers cannot keep up (blocked
 * on something slow, or too few threads); sessions are then held back by their own backpressure.
 */
public final class DispatchMetrics implements MeterBinder {

  private final HandlerDispatcher dispatcher;

  public DispatchMetrics(HandlerDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(DISPATCH_WAITING, dispatcher, HandlerDispatcher::waitingSessions)
        .description("Sessions whose messages wait for a handler runner").register(registry);
    Gauge.builder(DISPATCH_RUNNERS, dispatcher, HandlerDispatcher::activeRunners)
        .description("Handler runners running on the executor").register(registry);
  }
}
