package dev.duplex.spring.dispatch;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an endpoint mapping that cannot work, with the method it names. */
final class EndpointMappingFailureAnalyzer extends AbstractFailureAnalyzer<EndpointMappingException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, EndpointMappingException cause) {
    return new FailureAnalysis("A Duplex WebSocket endpoint is mapped in a way that cannot work: "
        + cause.getMessage(), "Fix the @WsEndpoint bean as the description says.", cause);
  }
}
