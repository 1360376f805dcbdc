package dev.duplex.spring.observe;

import java.util.List;

/**
 * Hears what the Spring layer does with handshakes and, through the {@link EndpointObserver} it returns per
 * endpoint, with sessions and messages. Register implementations as Spring beans; every one is called, in
 * {@link org.springframework.core.Ordered} order.
 *
 * <p>Calls come from I/O threads and handler threads, often once per message: implementations must be
 * thread-safe, must not block and must not throw. Every value they are given is low in cardinality (path
 * templates, registered message types, close codes, refusal reasons), so they can be used as metric tags.
 */
public interface DuplexObserver {

  /** Outcome of a handshake that became a session. */
  String ACCEPTED = "accepted";

  /** Outcome of a handshake whose path matched no endpoint (404). */
  String NOT_FOUND = "not_found";

  /** Observes nothing. */
  DuplexObserver NONE = new DuplexObserver() {
  };

  /**
   * Called once per endpoint when the endpoints are mapped at start-up.
   *
   * @return what hears the endpoint's handshakes, sessions and messages
   */
  default EndpointObserver endpoint(ObservedEndpoint endpoint) {
    return EndpointObserver.NONE;
  }

  /**
   * A handshake refused before it matched an endpoint.
   *
   * @param outcome {@link #NOT_FOUND}
   */
  default void handshake(String outcome) {
  }

  /** One observer that calls each of {@code observers} in turn; {@link #NONE} for none. */
  static DuplexObserver of(List<? extends DuplexObserver> observers) {
    return switch (observers.size()) {
      case 0 -> NONE;
      case 1 -> observers.get(0);
      default -> new CompositeObserver(List.copyOf(observers));
    };
  }
}
