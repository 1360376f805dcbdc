package dev.duplex.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the Observations of handler calls. Declare a bean of this type to replace
 * {@link DefaultWsHandlerObservationConvention}, usually by extending it.
 */
public interface WsHandlerObservationConvention extends ObservationConvention<WsHandlerObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof WsHandlerObservationContext;
  }
}
