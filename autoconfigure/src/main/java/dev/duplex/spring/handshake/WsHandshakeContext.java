package dev.duplex.spring.handshake;

import dev.duplex.engine.ConnectionInfo;
import dev.duplex.engine.handshake.HandshakeRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An opening handshake on its way to an endpoint, as interceptors see it.
 *
 * <p>Attributes put here become the session's attributes once it opens; the session's user is the
 * {@link java.security.Principal} stored under {@link #PRINCIPAL_ATTRIBUTE}.
 */
public final class WsHandshakeContext {

  /** Attribute under which an interceptor stores the authenticated {@link java.security.Principal}. */
  public static final String PRINCIPAL_ATTRIBUTE = java.security.Principal.class.getName();

  private final HandshakeRequest request;
  private final ConnectionInfo connection;
  private final String endpoint;
  private final Class<?> endpointType;
  private final Map<String, String> pathVariables;
  private final Map<String, Object> attributes = new LinkedHashMap<>();

  public WsHandshakeContext(HandshakeRequest request, ConnectionInfo connection, String endpoint,
      Class<?> endpointType, Map<String, String> pathVariables) {
    this.request = request;
    this.connection = connection;
    this.endpoint = endpoint;
    this.endpointType = endpointType;
    this.pathVariables = Map.copyOf(pathVariables);
  }

  public HandshakeRequest request() {
    return request;
  }

  /** The peer's address and whether the connection is encrypted. */
  public ConnectionInfo connection() {
    return connection;
  }

  /** The matched endpoint's path template, such as {@code /chat/{room}}. */
  public String endpoint() {
    return endpoint;
  }

  /** The class of the endpoint bean, for interceptors that read annotations of their own from it. */
  public Class<?> endpointType() {
    return endpointType;
  }

  public Map<String, String> pathVariables() {
    return pathVariables;
  }

  /** Attributes the session will start with; mutable. */
  public Map<String, Object> attributes() {
    return attributes;
  }
}
