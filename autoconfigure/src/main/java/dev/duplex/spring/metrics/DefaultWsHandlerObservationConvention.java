package dev.duplex.spring.metrics;

import dev.duplex.spring.dispatch.HandlerInfo;
import io.micrometer.common.KeyValues;

/**
 * Observations named {@value DuplexMeterNames#HANDLER}, with the low-cardinality keys {@code endpoint},
 * {@code kind}, {@code type} and, once the call ended, {@code outcome}; the span is named after the endpoint and
 * the type, such as {@code ws /chat/{room} chat.send}. The session id is a high-cardinality key
 * ({@code duplex.session}): on spans, never on meters.
 */
public class DefaultWsHandlerObservationConvention implements WsHandlerObservationConvention {

  /** The shared instance. */
  public static final DefaultWsHandlerObservationConvention INSTANCE = new DefaultWsHandlerObservationConvention();

  @Override
  public String getName() {
    return DuplexMeterNames.HANDLER;
  }

  @Override
  public String getContextualName(WsHandlerObservationContext context) {
    HandlerInfo handler = context.getHandler();
    return "ws " + handler.endpoint() + " " + (handler.type() != null ? handler.type() : HandlerMetricsInterceptor
        .kind(handler));
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(WsHandlerObservationContext context) {
    HandlerInfo handler = context.getHandler();
    KeyValues values = KeyValues.of(DuplexMeterNames.TAG_ENDPOINT, handler.endpoint(),
        DuplexMeterNames.TAG_KIND, HandlerMetricsInterceptor.kind(handler),
        DuplexMeterNames.TAG_TYPE, HandlerMetricsInterceptor.type(handler));
    return context.getOutcome() == null ? values : values.and(DuplexMeterNames.TAG_OUTCOME, context.getOutcome());
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(WsHandlerObservationContext context) {
    return KeyValues.of("duplex.session", context.getInvocation().session().id());
  }
}
