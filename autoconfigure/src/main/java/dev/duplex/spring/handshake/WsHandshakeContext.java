package dev.duplex.spring.handshake;

import dev.duplex.engine.ConnectionInfo;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.HandshakeRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An opening handshake on its way to an endpoint, as interceptors see it.
 *
 * <p>Attributes put here become the session's attributes once it opens; the session's user is the
 * {@link java.security.Principal} stored under {@link #PRINCIPAL_ATTRIBUTE}, and its client address the one under
 * {@link #CLIENT_ADDRESS_ATTRIBUTE}.
 */
public final class WsHandshakeContext {

  /** Attribute under which an interceptor stores the authenticated {@link java.security.Principal}. */
  public static final String PRINCIPAL_ATTRIBUTE = java.security.Principal.class.getName();

  /** Attribute holding the client's {@link InetAddress}, as {@link #clientAddress()} found it. */
  public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.duplex.clientAddress";

  private final HandshakeRequest request;
  private final ConnectionInfo connection;
  private final String endpoint;
  private final Class<?> endpointType;
  private final Map<String, String> pathVariables;
  private final InetAddress clientAddress;
  private final Map<String, Object> attributes = new LinkedHashMap<>();
  private final List<Runnable> endActions = new ArrayList<>(0);

  /**
   * @param clientAddress the client's address, which differs from the peer's behind trusted proxies
   */
  public WsHandshakeContext(HandshakeRequest request, ConnectionInfo connection, InetAddress clientAddress,
      String endpoint, Class<?> endpointType, Map<String, String> pathVariables) {
    this.request = request;
    this.connection = connection;
    this.clientAddress = clientAddress;
    this.endpoint = endpoint;
    this.endpointType = endpointType;
    this.pathVariables = Map.copyOf(pathVariables);
    attributes.put(CLIENT_ADDRESS_ATTRIBUTE, clientAddress);
  }

  /** The client address of a session: the one its handshake resolved, else its peer's. */
  public static InetAddress clientAddress(WsSession session) {
    return session.attributes().get(CLIENT_ADDRESS_ATTRIBUTE) instanceof InetAddress address
        ? address
        : session.remoteAddress().getAddress();
  }

  public HandshakeRequest request() {
    return request;
  }

  /** The peer's address and whether the connection is encrypted. */
  public ConnectionInfo connection() {
    return connection;
  }

  /**
   * The client's address: the TCP peer's, or, when the peer is a trusted proxy ({@code duplex.server.trusted-proxies}),
   * the one its {@code Forwarded} or {@code X-Forwarded-For} header names. Limits per IP use this.
   */
  public InetAddress clientAddress() {
    return clientAddress;
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

  /**
   * Runs {@code action} once this handshake is over for good: when a later interceptor refuses it, or when the
   * session it opens ends. For interceptors that hold something for the session's lifetime, such as a connection
   * permit.
   */
  public void onEnd(Runnable action) {
    endActions.add(action);
  }

  /** What {@link #onEnd} registered, in order; for the router. */
  public List<Runnable> endActions() {
    return List.copyOf(endActions);
  }
}
