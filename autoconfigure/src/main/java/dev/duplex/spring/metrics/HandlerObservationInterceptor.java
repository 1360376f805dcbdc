package dev.duplex.spring.metrics;

import dev.duplex.spring.dispatch.HandlerInfo;
import dev.duplex.spring.dispatch.WsInvocationInterceptor;
import dev.duplex.spring.resolve.WsInvocation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CompletionStage;
import org.springframework.core.Ordered;

/**
 * Observes every handler method call through Micrometer's Observation API, so that tracing sees each message
 * as a span (in the scope of which the handler runs) and the registry's meter handler times it. A handler that
 * returns a {@link CompletionStage} is observed until the stage completes.
 */
public final class HandlerObservationInterceptor implements WsInvocationInterceptor, Ordered {

  /** Runs outside every other interceptor, so that what they log and do happens inside the span. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  private static final String SUCCESS = "success";
  private static final String ERROR = "error";

  private final ObservationRegistry registry;
  private final WsHandlerObservationConvention customConvention;

  /**
   * @param customConvention replaces {@link DefaultWsHandlerObservationConvention}; {@code null} for none
   */
  public HandlerObservationInterceptor(ObservationRegistry registry,
      WsHandlerObservationConvention customConvention) {
    this.registry = registry;
    this.customConvention = customConvention;
  }

  @Override
  public Object intercept(WsInvocation invocation, HandlerInfo handler, Proceed proceed) throws Throwable {
    WsHandlerObservationContext context = new WsHandlerObservationContext(invocation, handler);
    Observation observation = Observation.createNotStarted(customConvention,
        DefaultWsHandlerObservationConvention.INSTANCE, () -> context, registry).start();
    Object result;
    try (Observation.Scope scope = observation.openScope()) {
      result = proceed.proceed();
    } catch (Throwable error) {
      stop(observation, context, error);
      throw error;
    }
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete((value, error) -> stop(observation, context, error));
    } else {
      stop(observation, context, null);
    }
    return result;
  }

  private static void stop(Observation observation, WsHandlerObservationContext context, Throwable error) {
    context.setOutcome(error == null ? SUCCESS : ERROR);
    if (error != null) {
      observation.error(error);
    }
    observation.stop();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
