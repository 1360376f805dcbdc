package dev.duplex.spring.dispatch;

import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.HandshakeHandler;
import dev.duplex.engine.handshake.HandshakeRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes opening handshakes to endpoints: literal paths by lookup, then templates from the most specific. An
 * annotated endpoint gets a fresh {@link EndpointSession} per connection; a {@code WsListener} endpoint serves its
 * sessions itself. Unknown paths are refused with 404.
 */
public final class EndpointRouter implements HandshakeHandler {

  private final Map<String, EndpointDefinition> literal = new HashMap<>();
  private final List<EndpointDefinition> templates;
  private final List<EndpointDefinition> endpoints;
  private final SessionServices services;
  private final Responder responder;

  EndpointRouter(List<EndpointDefinition> endpoints, SessionServices services) {
    this.endpoints = List.copyOf(endpoints);
    this.services = services;
    this.responder = new Responder(services.codec());
    for (EndpointDefinition endpoint : endpoints) {
      if (endpoint.path().variables().isEmpty()) {
        literal.put(endpoint.path().toString(), endpoint);
      }
    }
    this.templates = endpoints.stream().filter(e -> !e.path().variables().isEmpty())
        .sorted((a, b) -> PathTemplate.MOST_SPECIFIC_FIRST.compare(a.path(), b.path())).toList();
  }

  @Override
  public HandshakeDecision handle(HandshakeRequest request) {
    String path = request.path();
    EndpointDefinition endpoint = literal.get(path);
    Map<String, String> variables = Map.of();
    if (endpoint == null) {
      for (EndpointDefinition candidate : templates) {
        variables = candidate.path().match(path);
        if (variables != null) {
          endpoint = candidate;
          break;
        }
      }
    }
    if (endpoint == null) {
      return HandshakeDecision.reject(404, "no WebSocket endpoint at " + path);
    }
    if (endpoint.rawListener() != null) {
      return HandshakeDecision.accept(endpoint.rawListener(), endpoint.subprotocols(), Map.of());
    }
    return HandshakeDecision.accept(new EndpointSession(endpoint, variables, services, responder),
        endpoint.subprotocols(), Map.of());
  }

  /** The path templates served, for logs and the Actuator endpoint. */
  public List<String> paths() {
    return endpoints.stream().map(e -> e.path().toString()).sorted().toList();
  }

  @Override
  public String toString() {
    return "EndpointRouter" + paths();
  }
}
