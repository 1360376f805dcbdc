package dev.duplex.spring.observe;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsSession;

/**
 * Hears the handshakes, sessions and messages of one endpoint. See {@link DuplexObserver} for the threading
 * rules; the methods that take a message are called once per message and must be cheap.
 */
public interface EndpointObserver {

  /** Type of a message handled by a raw {@code @WsHandler} (no envelope), or sent without an envelope. */
  String RAW = "raw";

  /** Type of an envelope whose type has no handler, of text that is not an envelope, or of an unwanted frame. */
  String OTHER = "other";

  /** Type of the {@code error} envelopes Duplex sends. */
  String ERROR = "error";

  /** Observes nothing. */
  EndpointObserver NONE = new EndpointObserver() {
  };

  /**
   * A handshake matched this endpoint.
   *
   * @param outcome {@link DuplexObserver#ACCEPTED}, or the reason a handshake interceptor gave for refusing it
   */
  default void handshake(String outcome) {
  }

  /** A session opened; on its I/O thread. */
  default void sessionOpened(WsSession session) {
  }

  /**
   * A session ended; on its I/O thread.
   *
   * @param durationNanos how long it was open
   */
  default void sessionClosed(WsSession session, CloseStatus status, long durationNanos) {
  }

  /**
   * A message arrived.
   *
   * @param type the envelope type when the endpoint has a handler for it, else {@link #RAW} or {@link #OTHER}
   * @param bytes its payload size
   */
  default void messageReceived(String type, int bytes) {
  }

  /**
   * A message was handed to the engine for sending.
   *
   * @param type the envelope type the application chose, {@link #ERROR}, or {@link #RAW}
   * @param bytes its payload size
   */
  default void messageSent(String type, int bytes) {
  }

  /** Action of a limit that dropped a message and answered with an error; the session stays open. */
  String REJECT = "reject";

  /** Action of a limit that closed the session. */
  String CLOSE = "close";

  /**
   * A limit or filter refused a message of a session, such as a rate limit.
   *
   * @param limit the name of the limit, low in cardinality (for example {@code messages-per-second})
   * @param action {@link #REJECT} or {@link #CLOSE}
   */
  default void limitExceeded(String limit, String action) {
  }
}
