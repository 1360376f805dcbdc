package dev.duplex.spring.filter;

/**
 * Looks at each inbound message of a session before it is dispatched, and passes it, rejects it with an
 * {@code error} envelope (the session stays open), or closes the session. Register implementations as Spring
 * beans; they run in {@link org.springframework.core.Ordered} order and the first decision other than
 * {@link WsFilterDecision#pass()} ends the chain. Duplex's own rate limits are filters like any other.
 *
 * <p>For annotated endpoints filters run in the session's order, after the envelope was decoded, so they see its
 * type; for endpoints that are engine {@code WsListener}s they run on the I/O thread. Either way they must be
 * thread-safe and must not block. State a filter keeps per session belongs in the session's
 * {@link dev.duplex.engine.WsSession#attributes() attributes}, which end with it.
 */
@FunctionalInterface
public interface WsFilter {

  WsFilterDecision filter(WsInboundMessage message);

  /**
   * Whether this filter looks at the messages of an endpoint at all; asked once per endpoint at start-up, so
   * that endpoints no filter applies to pay nothing per message.
   *
   * @param endpoint the endpoint's path template, such as {@code /chat/{room}}
   */
  default boolean appliesTo(String endpoint) {
    return true;
  }
}
