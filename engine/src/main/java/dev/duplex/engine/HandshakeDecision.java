package dev.duplex.engine;

import dev.duplex.engine.handshake.HandshakeResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The answer of a {@link HandshakeHandler}: upgrade to a session served by a listener, or refuse. */
public sealed interface HandshakeDecision {

  /** Upgrades, with no subprotocol and no attributes. */
  static HandshakeDecision accept(WsListener listener) {
    return new Accept(listener, List.of(), Map.of());
  }

  /**
   * Upgrades.
   *
   * @param subprotocols the subprotocols the server speaks; the first the client offered among them is chosen
   * @param attributes copied into the new session's attributes
   */
  static HandshakeDecision accept(WsListener listener, List<String> subprotocols, Map<String, Object> attributes) {
    return new Accept(listener, subprotocols, attributes);
  }

  /** Refuses with a status and a short plain-text reason. */
  static HandshakeDecision reject(int status, String message) {
    return new Reject(HandshakeResponse.reject(status, message));
  }

  static HandshakeDecision reject(HandshakeResponse response) {
    return new Reject(response);
  }

  record Accept(WsListener listener, List<String> subprotocols, Map<String, Object> attributes)
      implements HandshakeDecision {

    public Accept {
      Objects.requireNonNull(listener, "listener");
      subprotocols = List.copyOf(subprotocols);
      attributes = Map.copyOf(attributes);
    }
  }

  record Reject(HandshakeResponse response) implements HandshakeDecision {

    public Reject {
      Objects.requireNonNull(response, "response");
    }
  }
}
