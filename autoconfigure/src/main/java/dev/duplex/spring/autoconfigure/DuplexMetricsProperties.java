package dev.duplex.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the Duplex meters and handler Observations. Meter names and tags are listed in
 * {@code docs/observability.md}; Spring Boot's {@code management.metrics.*} settings (such as
 * {@code management.metrics.enable.duplex=false} or {@code management.metrics.distribution.*}) apply to them too.
 */
@ConfigurationProperties("duplex.metrics")
public class DuplexMetricsProperties implements Validator {

  /** Whether to record the Duplex meters when a MeterRegistry exists. */
  private boolean enabled = true;

  /**
   * Whether to record the size of every message in a distribution summary (duplex.messages.size). Costs about
   * 40 ns per message and direction.
   */
  private boolean messageSizes;

  /**
   * Whether handler timers, message sizes and session durations publish percentile histograms. Handler timers
   * then also keep their maximum, at about 25 ns more per call.
   */
  private boolean percentileHistogram;

  /**
   * Most distinct values of an open-ended tag per endpoint and meter (types of sent messages, close codes,
   * handshake refusal reasons); further values are counted as "other".
   */
  private int maxTagValues = 100;

  /**
   * Whether every handler call is an Observation (a span when tracing is set up), when an ObservationRegistry
   * exists. Its timer, from the registry's meter handler, then replaces the one Duplex records. Costs 1 to 2
   * microseconds per message.
   */
  private boolean observations;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isMessageSizes() {
    return messageSizes;
  }

  public void setMessageSizes(boolean messageSizes) {
    this.messageSizes = messageSizes;
  }

  public boolean isPercentileHistogram() {
    return percentileHistogram;
  }

  public void setPercentileHistogram(boolean percentileHistogram) {
    this.percentileHistogram = percentileHistogram;
  }

  public int getMaxTagValues() {
    return maxTagValues;
  }

  public void setMaxTagValues(int maxTagValues) {
    this.maxTagValues = maxTagValues;
  }

  public boolean isObservations() {
    return observations;
  }

  public void setObservations(boolean observations) {
    this.observations = observations;
  }

  @Override
  public boolean supports(Class<?> type) {
    return DuplexMetricsProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    int value = ((DuplexMetricsProperties) target).maxTagValues;
    if (value < 1) {
      errors.rejectValue("maxTagValues", "positive", "must be positive, was " + value);
    }
  }
}
