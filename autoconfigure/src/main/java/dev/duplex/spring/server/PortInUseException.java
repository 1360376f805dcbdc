package dev.duplex.spring.server;

import java.io.IOException;

/** The Duplex server could not bind its address; explained at start-up by {@link PortInUseFailureAnalyzer}. */
public final class PortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  PortInUseException(IOException cause) {
    super(cause.getMessage(), cause);
  }
}
