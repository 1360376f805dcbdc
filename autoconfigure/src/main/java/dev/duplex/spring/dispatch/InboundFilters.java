package dev.duplex.spring.dispatch;

import dev.duplex.spring.filter.WsFilter;
import dev.duplex.spring.filter.WsFilterDecision;
import dev.duplex.spring.filter.WsInboundMessage;
import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.observe.EndpointObserver;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WsFilter}s that apply to one endpoint, in order, and what their decisions do: a rejection is
 * answered with an {@code error} envelope, a close closes the session, and both are counted under the filter's
 * reason. A filter that throws rejects the message with {@code internal_error}, so that a broken filter never
 * lets messages through unchecked. Once a filter closed a session, its messages still queued are dropped unseen.
 */
final class InboundFilters {

  static final InboundFilters NONE = new InboundFilters(List.of());

  /** Reason counted when a filter throws. */
  static final String FILTER_FAILED = "filter_failed";

  /** Session attribute set once a filter closed the session: the reason it gave. */
  static final String CLOSED_BY_FILTER = "dev.duplex.closedByFilter";

  private static final Logger log = LoggerFactory.getLogger(InboundFilters.class);
  private static final WsErrorReply INTERNAL_ERROR = WsErrorReply.of("internal_error", "internal error");

  private final List<WsFilter> filters;

  private InboundFilters(List<WsFilter> filters) {
    this.filters = filters;
  }

  /** The filters, in order, that apply to {@code endpoint}. */
  static InboundFilters forEndpoint(List<WsFilter> filters, String endpoint) {
    List<WsFilter> applying = filters.stream().filter(filter -> filter.appliesTo(endpoint)).toList();
    return applying.isEmpty() ? NONE : new InboundFilters(applying);
  }

  boolean isEmpty() {
    return filters.isEmpty();
  }

  /**
   * Runs the filters over {@code message}.
   *
   * @param reject sends the error envelope of a rejection
   * @return whether the message goes on to its handler
   */
  boolean admit(WsInboundMessage message, EndpointObserver observer, Consumer<WsErrorReply> reject) {
    if (message.session().attributes().containsKey(CLOSED_BY_FILTER)) {
      return false;
    }
    for (WsFilter filter : filters) {
      WsFilterDecision decision;
      try {
        decision = filter.filter(message);
      } catch (RuntimeException e) {
        log.error("filter {} failed on session {}", filter, message.session().id(), e);
        decision = WsFilterDecision.reject(FILTER_FAILED, INTERNAL_ERROR);
      }
      if (decision instanceof WsFilterDecision.Reject rejection) {
        observer.limitExceeded(rejection.reason(), EndpointObserver.REJECT);
        reject.accept(rejection.reply());
        return false;
      }
      if (decision instanceof WsFilterDecision.Close close) {
        log.debug("session {} closed by {}: {}", message.session().id(), close.reason(), close.status());
        observer.limitExceeded(close.reason(), EndpointObserver.CLOSE);
        message.session().attributes().put(CLOSED_BY_FILTER, close.reason());
        message.session().close(close.status());
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "InboundFilters" + filters;
  }
}
