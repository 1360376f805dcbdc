package dev.duplex.spring.messaging;

/**
 * What happens to a message of a given type when the recipient's outbound buffer is filling up because it reads
 * more slowly than the server sends.
 */
public enum DeliveryPolicy {

  /** Always queued; when the buffer is full, the connection's slow-consumer policy applies. The default. */
  RELIABLE,

  /** Dropped while the buffer is above half its limit: for messages that are stale a moment later (typing). */
  VOLATILE,

  /**
   * Only the newest pending message per key is kept while the buffer is above half its limit, and sent when it
   * drains: for states where only the latest value matters (cursors, prices, presence).
   */
  LATEST
}
