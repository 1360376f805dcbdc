package dev.duplex.spring.metrics;

import dev.duplex.spring.dispatch.HandlerInfo;
import dev.duplex.spring.resolve.WsInvocation;
import io.micrometer.observation.Observation;

/** The context of the Observation of one handler method call: which handler, for which session and message. */
public class WsHandlerObservationContext extends Observation.Context {

  private final WsInvocation invocation;
  private final HandlerInfo handler;
  private String outcome;

  public WsHandlerObservationContext(WsInvocation invocation, HandlerInfo handler) {
    this.invocation = invocation;
    this.handler = handler;
  }

  public WsInvocation getInvocation() {
    return invocation;
  }

  public HandlerInfo getHandler() {
    return handler;
  }

  /** {@code success} or {@code error} once the call ended; {@code null} while it runs. */
  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }
}
