package dev.duplex.engine;

/** Fails a send that found the session's outbound buffer full (see {@link SlowConsumerPolicy}). */
public final class SlowConsumerException extends WsSendException {

  private static final long serialVersionUID = 1L;

  public SlowConsumerException(String message) {
    super(message);
  }
}
