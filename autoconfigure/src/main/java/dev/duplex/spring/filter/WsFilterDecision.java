package dev.duplex.spring.filter;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.messaging.WsErrorReply;
import java.util.Objects;

/** What a {@link WsFilter} decided about a message. */
public sealed interface WsFilterDecision {

  /** Let the message go on to the next filter, and then to its handler. */
  static WsFilterDecision pass() {
    return Pass.INSTANCE;
  }

  /**
   * Drop the message and answer with an {@code error} envelope (carrying the message's id as {@code replyTo});
   * the session stays open.
   *
   * @param reason a short, stable, low-cardinality name of the limit or rule, such as
   *     {@code messages-per-second}, for metrics and logs
   */
  static WsFilterDecision reject(String reason, WsErrorReply reply) {
    return new Reject(reason, reply);
  }

  /**
   * Drop the message and close the session.
   *
   * @param reason a short, stable, low-cardinality name of the limit or rule, for metrics and logs
   */
  static WsFilterDecision close(String reason, CloseStatus status) {
    return new Close(reason, status);
  }

  /** The message goes on. */
  enum Pass implements WsFilterDecision {
    INSTANCE
  }

  /** The message is dropped and answered with an error. */
  record Reject(String reason, WsErrorReply reply) implements WsFilterDecision {

    public Reject {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** The message is dropped and the session closed. */
  record Close(String reason, CloseStatus status) implements WsFilterDecision {

    public Close {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(status, "status");
    }
  }
}
