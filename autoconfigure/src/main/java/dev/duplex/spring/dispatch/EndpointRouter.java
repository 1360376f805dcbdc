package dev.duplex.spring.dispatch;

import dev.duplex.engine.ConnectionInfo;
import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.HandshakeHandler;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.spring.handshake.ClientAddressResolver;
import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import dev.duplex.spring.observe.DuplexObserver;
import dev.duplex.spring.observe.EndpointObserver;
import dev.duplex.spring.observe.ObservedEndpoint;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes opening handshakes to endpoints: literal paths by lookup, then templates from the most specific. An
 * matched handshake then passes the {@link WsHandshakeInterceptor}s in order; the first refusal is the answer.
 * An annotated endpoint gets a fresh {@link EndpointSession} per connection; a {@code WsListener} endpoint serves
 * its sessions itself. Unknown paths are refused with 404. Every outcome is reported to the
 * {@link DuplexObserver}.
 */
public final class EndpointRouter implements HandshakeHandler {

  private static final Logger log = LoggerFactory.getLogger(EndpointRouter.class);

  private final Map<String, EndpointDefinition> literal = new HashMap<>();
  private final List<EndpointDefinition> templates;
  private final List<EndpointDefinition> endpoints;
  private final SessionServices services;
  private final Responder responder;
  private final List<WsHandshakeInterceptor> interceptors;
  private final ClientAddressResolver clientAddresses;
  private final Map<EndpointDefinition, EndpointObserver> observers = new IdentityHashMap<>();
  private final Map<EndpointDefinition, InboundFilters> filters = new IdentityHashMap<>();

  /** An endpoint a path matched, with the values of its variables. */
  private record Match(EndpointDefinition endpoint, Map<String, String> variables) { }

  EndpointRouter(List<EndpointDefinition> endpoints, SessionServices services, RouterSettings settings) {
    this.endpoints = List.copyOf(endpoints);
    this.services = services;
    this.interceptors = settings.interceptors();
    this.clientAddresses = settings.clientAddresses();
    this.responder = new Responder(services.codec());
    for (EndpointDefinition endpoint : endpoints) {
      if (endpoint.path().variables().isEmpty()) {
        literal.put(endpoint.path().toString(), endpoint);
      }
      filters.put(endpoint, InboundFilters.forEndpoint(settings.filters(), endpoint.path().toString()));
      observers.put(endpoint, services.observer().endpoint(new ObservedEndpoint(endpoint.path().toString(),
          endpoint.typed().keySet(), endpoint.rawListener() != null)));
    }
    this.templates = endpoints.stream().filter(e -> !e.path().variables().isEmpty())
        .sorted((a, b) -> PathTemplate.MOST_SPECIFIC_FIRST.compare(a.path(), b.path())).toList();
  }

  @Override
  public HandshakeDecision handle(HandshakeRequest request, ConnectionInfo connection) {
    String path = request.path();
    Match match = match(path);
    if (match == null) {
      log.info("handshake for {} from {} refused: {} (404)", path, connection.remoteAddress(),
          DuplexObserver.NOT_FOUND);
      services.observer().handshake(DuplexObserver.NOT_FOUND);
      return HandshakeDecision.reject(404, "no WebSocket endpoint at " + path);
    }
    EndpointDefinition endpoint = match.endpoint();
    Map<String, String> variables = match.variables();
    EndpointObserver observer = observers.get(endpoint);
    WsHandshakeContext context = new WsHandshakeContext(request, connection,
        clientAddresses.resolve(request, connection), endpoint.path().toString(), endpoint.beanType(), variables);
    for (WsHandshakeInterceptor interceptor : interceptors) {
      HandshakeVerdict verdict;
      try {
        verdict = interceptor.beforeHandshake(context);
      } catch (RuntimeException e) {
        runAll(context.endActions());
        throw e;
      }
      if (verdict instanceof HandshakeVerdict.Refuse refusal) {
        runAll(context.endActions());
        log.info("handshake for {} from {} refused: {} ({})", endpoint.path(), context.clientAddress(),
            refusal.reason(), refusal.response().status());
        observer.handshake(refusal.reason());
        return HandshakeDecision.reject(refusal.response());
      }
    }
    List<Runnable> endActions = context.endActions();
    Runnable onEnd = endActions.isEmpty() ? () -> { } : () -> runAll(endActions);
    InboundFilters endpointFilters = filters.get(endpoint);
    WsListener listener = endpoint.rawListener() != null
        ? new ListenerSession(endpoint.path().toString(), endpoint.rawListener(), observer, endpointFilters,
            services.codec(), onEnd)
        : new EndpointSession(endpoint, variables, services, responder, observer, endpointFilters, onEnd);
    observer.handshake(DuplexObserver.ACCEPTED);
    return HandshakeDecision.accept(listener, endpoint.subprotocols(), context.attributes());
  }

  private static void runAll(List<Runnable> actions) {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.error("end action {} of a handshake failed", action, e);
      }
    }
  }

  private Match match(String path) {
    EndpointDefinition endpoint = literal.get(path);
    if (endpoint != null) {
      return new Match(endpoint, Map.of());
    }
    for (EndpointDefinition candidate : templates) {
      Map<String, String> variables = candidate.path().match(path);
      if (variables != null) {
        return new Match(candidate, variables);
      }
    }
    return null;
  }

  /** The path template of the endpoint that serves {@code path}, or {@code null}; for the Actuator endpoint. */
  public String endpointFor(String path) {
    Match match = match(path);
    return match == null ? null : match.endpoint().path().toString();
  }

  /**
   * Where the handlers of the endpoint with this path template run: {@code loop} (the I/O thread),
   * {@code executor}, or {@code listener} for a {@code WsListener} bean, whose callbacks run on the I/O thread;
   * {@code null} for a template not served. For the Actuator endpoint.
   */
  public String dispatchOf(String pathTemplate) {
    for (EndpointDefinition endpoint : endpoints) {
      if (endpoint.path().toString().equals(pathTemplate)) {
        if (endpoint.rawListener() != null) {
          return "listener";
        }
        return services.dispatcherFor(endpoint.dispatch()) == null ? "loop" : "executor";
      }
    }
    return null;
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
