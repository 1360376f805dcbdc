package dev.duplex.engine;

import dev.duplex.engine.handshake.HandshakeRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The simplest {@link HandshakeHandler}: one listener per exact path, 404 for any other path. */
public final class WsRoutes implements HandshakeHandler {

  private final Map<String, WsListener> routes;

  private WsRoutes(Map<String, WsListener> routes) {
    this.routes = Map.copyOf(routes);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public HandshakeDecision handle(HandshakeRequest request, ConnectionInfo connection) {
    WsListener listener = routes.get(request.path());
    return listener == null
        ? HandshakeDecision.reject(404, "no WebSocket endpoint at " + request.path())
        : HandshakeDecision.accept(listener);
  }

  @Override
  public String toString() {
    return "WsRoutes" + routes.keySet();
  }

  /** Collects routes; a path may be given once. */
  public static final class Builder {

    private final Map<String, WsListener> routes = new LinkedHashMap<>();

    private Builder() {
    }

    public Builder route(String path, WsListener listener) {
      Objects.requireNonNull(listener, "listener");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/': " + path);
      }
      if (routes.putIfAbsent(path, listener) != null) {
        throw new IllegalArgumentException("two listeners for path " + path);
      }
      return this;
    }

    public WsRoutes build() {
      return new WsRoutes(routes);
    }
  }
}
