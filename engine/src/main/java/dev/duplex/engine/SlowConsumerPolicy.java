package dev.duplex.engine;

/**
 * What happens to a send when a session's outbound buffer already holds its limit of unwritten bytes, because
 * the peer reads more slowly than the application writes.
 */
public enum SlowConsumerPolicy {
  /** Close the session with 1008; the send fails. Memory stays bounded and the peer learns why. */
  CLOSE,
  /** Discard the message; the send fails and the session stays open. For data the peer can do without. */
  DROP
}
