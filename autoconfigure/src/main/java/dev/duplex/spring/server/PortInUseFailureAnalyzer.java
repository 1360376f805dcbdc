package dev.duplex.spring.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a Duplex server that could not bind its port, and what to change. */
final class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
    return new FailureAnalysis("The Duplex WebSocket server failed to start: " + cause.getMessage() + ".",
        "Stop the process that is listening on that port, or set duplex.server.port to another port"
            + " (0 picks a free one) or duplex.server.address to another address.", cause);
  }
}
