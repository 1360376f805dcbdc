package dev.duplex.spring.actuate;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.SessionStats;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.TransportStats;
import dev.duplex.engine.transport.WsServer;
import dev.duplex.spring.cluster.ClusterNode;
import dev.duplex.spring.dispatch.EndpointRouter;
import dev.duplex.spring.dispatch.SessionServices;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.session.SessionRegistry;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code duplex} Actuator endpoint: what the WebSocket server is doing, for operators.
 *
 * <ul>
 *   <li>{@code GET /actuator/duplex}: state, port, node id, the cluster's live nodes, endpoints with their session
 *       counts, the largest rooms, the limits in force and the engine's counters;
 *   <li>{@code GET /actuator/duplex/sessions?offset=0&limit=100}: the open sessions, oldest first, a page at a
 *       time (at most {@code maxPageSize});
 *   <li>{@code DELETE /actuator/duplex/sessions/{id}?reason=...}: closes a session with 1008 (see
 *       {@link DuplexEndpointWebExtension}).
 * </ul>
 *
 * Sessions show no query string, header or attribute other than the user's name: tokens never leave.
 */
@Endpoint(id = "duplex")
public final class DuplexEndpoint {

  /** The selector of the session list. */
  public static final String SESSIONS = "sessions";

  /** Close reason when the operator gives none. */
  static final String DEFAULT_CLOSE_REASON = "closed by an operator";

  private final DuplexServer server;
  private final Supplier<EndpointRouter> router;
  private final SessionRegistry registry;
  private final WsConfig config;
  private final SessionServices services;
  private final String nodeId;
  private final Supplier<List<ClusterNode>> nodes;
  private final int topRooms;
  private final int maxPageSize;

  /**
   * @param router the router, once endpoints are mapped
   * @param nodes the live nodes of the cluster, this one included
   * @param topRooms how many rooms to list, largest first
   * @param maxPageSize most sessions in one page of the session list
   */
  public DuplexEndpoint(DuplexServer server, Supplier<EndpointRouter> router, SessionRegistry registry,
      WsConfig config, SessionServices services, String nodeId, Supplier<List<ClusterNode>> nodes, int topRooms,
      int maxPageSize) {
    if (topRooms < 0 || maxPageSize < 1) {
      throw new IllegalArgumentException("topRooms must be >= 0 and maxPageSize > 0, were " + topRooms + " and "
          + maxPageSize);
    }
    this.server = server;
    this.router = router;
    this.registry = registry;
    this.config = config;
    this.services = services;
    this.nodeId = nodeId;
    this.nodes = nodes;
    this.topRooms = topRooms;
    this.maxPageSize = maxPageSize;
  }

  @ReadOperation
  public DuplexDescriptor duplex() {
    WsServer running = running();
    List<WsSession> sessions = running == null ? List.of() : List.copyOf(running.sessions());
    Map<String, Integer> perEndpoint = new HashMap<>();
    EndpointRouter endpoints = router.get();
    for (WsSession session : sessions) {
      String endpoint = endpoints.endpointFor(session.handshake().path());
      if (endpoint != null) {
        perEndpoint.merge(endpoint, 1, Integer::sum);
      }
    }
    List<EndpointDescriptor> endpointDescriptors = endpoints.paths().stream()
        .map(path -> new EndpointDescriptor(path, perEndpoint.getOrDefault(path, 0), endpoints.dispatchOf(path)))
        .toList();
    List<NodeDescriptor> nodeDescriptors = nodes.get().stream()
        .map(node -> new NodeDescriptor(node.id(), node.self())).toList();
    return new DuplexDescriptor(state(running), running == null ? -1 : running.port(), nodeId, nodeDescriptors,
        sessions.size(), endpointDescriptors, rooms(), limits(),
        running == null ? null : TransportDescriptor.of(running.stats()));
  }

  /**
   * A page of the open sessions, oldest first.
   *
   * @param section {@value #SESSIONS}; anything else is not found
   * @param offset how many sessions to skip; 0 by default
   * @param limit how many to return; the maximum page size by default, and at most
   */
  @ReadOperation
  public @Nullable SessionsDescriptor sessions(@Selector String section, @Nullable Integer offset,
      @Nullable Integer limit) {
    if (!SESSIONS.equals(section)) {
      return null;
    }
    int from = offset == null ? 0 : offset;
    int count = limit == null ? maxPageSize : limit;
    if (from < 0 || count < 1) {
      throw new InvalidEndpointRequestException("offset must be >= 0 and limit > 0",
          "offset must be >= 0 and limit > 0");
    }
    count = Math.min(count, maxPageSize);
    WsServer running = running();
    List<SessionDescriptor> all = new ArrayList<>();
    if (running != null) {
      EndpointRouter endpoints = router.get();
      for (WsSession session : running.sessions()) {
        all.add(describe(session, endpoints));
      }
    }
    all.sort(Comparator.comparing(SessionDescriptor::connectedAt, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(SessionDescriptor::id));
    List<SessionDescriptor> page = from >= all.size() ? List.of()
        : all.subList(from, Math.min(all.size(), from + count));
    return new SessionsDescriptor(all.size(), from, count, List.copyOf(page));
  }

  /**
   * Starts closing a session with 1008 (policy violation) and {@code reason}.
   *
   * @return what was done, or {@code null} when no such session is open
   */
  public @Nullable ClosedSessionDescriptor closeSession(String id, @Nullable String reason) {
    WsServer running = running();
    WsSession session = running == null ? null : running.session(id);
    if (session == null) {
      return null;
    }
    CloseStatus status = CloseStatus.truncating(CloseStatus.POLICY_VIOLATION,
        reason == null || reason.isBlank() ? DEFAULT_CLOSE_REASON : reason.strip());
    session.close(status);
    return new ClosedSessionDescriptor(id, CloseStatus.POLICY_VIOLATION, status.reason());
  }

  private SessionDescriptor describe(WsSession session, EndpointRouter endpoints) {
    DuplexSession known = registry.session(session.id());
    SessionStats stats = session.stats();
    String path = session.handshake().path();
    return new SessionDescriptor(session.id(), endpoints.endpointFor(path), path, user(session, known),
        address(session.remoteAddress()), stats.connectedAt() == null ? null : stats.connectedAt().toString(),
        stats.messagesReceived(), stats.messagesSent(), stats.bytesReceived(), stats.bytesSent(),
        session.bufferedAmount(), known == null ? List.of() : List.copyOf(new TreeSet<>(known.rooms())));
  }

  private static String user(WsSession session, DuplexSession known) {
    Principal principal = known != null ? known.principal() : null;
    if (principal == null && session.attributes().get(WsHandshakeContext.PRINCIPAL_ATTRIBUTE) instanceof Principal
        attribute) {
      principal = attribute;
    }
    return principal == null ? null : principal.getName();
  }

  private static String address(InetSocketAddress address) {
    if (address == null) {
      return null;
    }
    return (address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString()) + ":"
        + address.getPort();
  }

  private RoomsDescriptor rooms() {
    Map<String, Integer> sizes = registry.roomSizes();
    List<RoomDescriptor> largest = sizes.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(topRooms).map(entry -> new RoomDescriptor(entry.getKey(), entry.getValue())).toList();
    return new RoomsDescriptor(sizes.size(), largest);
  }

  private Map<String, Object> limits() {
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("maxMessageSize", config.protocolLimits().maxMessageSize());
    limits.put("maxFrameSize", config.protocolLimits().maxFrameSize());
    limits.put("maxHandshakeSize", config.handshakeLimits().maxHeadBytes());
    limits.put("maxHandshakeHeaders", config.handshakeLimits().maxHeaders());
    limits.put("handshakeTimeout", config.handshakeTimeout().toString());
    limits.put("idleTimeout", config.idleTimeout().toString());
    limits.put("closeTimeout", config.closeTimeout().toString());
    limits.put("pingInterval", config.pingInterval().toString());
    limits.put("pongTimeout", config.pongTimeout().toString());
    limits.put("outboundBufferLimit", config.outboundBufferLimit());
    limits.put("slowConsumerPolicy", config.slowConsumerPolicy().name().toLowerCase(Locale.ROOT));
    limits.put("compression", config.deflate().enabled());
    limits.put("dispatch", services.dispatcher() == null ? "loop" : "executor");
    limits.put("maxPendingPerSession", services.maxPending());
    return limits;
  }

  private static String state(WsServer running) {
    if (running == null) {
      return "stopped";
    }
    return running.isAccepting() ? "running" : "draining";
  }

  private WsServer running() {
    return server.current().orElse(null);
  }


  /**
   * The state of the WebSocket server.
   *
   * @param state {@code running}, {@code draining} (shutting down, no longer accepting) or {@code stopped}
   * @param port the bound port; -1 when stopped
   * @param nodeId this node
   * @param nodes the live nodes of the cluster (this one alone without a cluster broker)
   * @param sessions open sessions
   * @param endpoints every endpoint with its open sessions
   * @param rooms the largest rooms of this node
   * @param limits the limits in force
   * @param transport the engine's counters since start; {@code null} when stopped
   */
  public record DuplexDescriptor(String state, int port, String nodeId, List<NodeDescriptor> nodes, int sessions,
      List<EndpointDescriptor> endpoints, RoomsDescriptor rooms, Map<String, Object> limits,
      @Nullable TransportDescriptor transport) {
  }

  /**
   * A live node of the cluster.
   *
   * @param self whether it is the node that answered
   */
  public record NodeDescriptor(String id, boolean self) {
  }

  /**
   * An endpoint's path template and its open sessions.
   *
   * @param dispatch where its handlers run: {@code executor}, {@code loop}, or {@code listener} (a
   *     {@code WsListener} bean, on the I/O thread)
   */
  public record EndpointDescriptor(String path, int sessions, String dispatch) {
  }

  /**
   * Rooms on this node.
   *
   * @param count how many rooms have members
   * @param largest the largest, by members then name
   */
  public record RoomsDescriptor(int count, List<RoomDescriptor> largest) {
  }

  public record RoomDescriptor(String name, int members) {
  }

  /** The engine's counters; see {@link TransportStats}. */
  public record TransportDescriptor(long connectionsAccepted, long handshakesAccepted,
      Map<Integer, Long> handshakesRefused, Map<Integer, Long> closes, long bytesReceived, long bytesSent,
      long slowConsumerCloses, long slowConsumerDrops, long tlsHandshakeFailures) {

    static TransportDescriptor of(TransportStats stats) {
      return new TransportDescriptor(stats.connectionsAccepted(), stats.handshakesAccepted(),
          stats.handshakesRefused(), stats.closes(), stats.bytesReceived(), stats.bytesSent(),
          stats.slowConsumerCloses(), stats.slowConsumerDrops(), stats.tlsHandshakeFailures());
    }
  }

  /**
   * A page of sessions.
   *
   * @param total open sessions
   * @param offset sessions skipped
   * @param limit the page size used
   */
  public record SessionsDescriptor(int total, int offset, int limit, List<SessionDescriptor> sessions) {
  }

  /**
   * An open session.
   *
   * @param endpoint the path template of its endpoint
   * @param path the path it connected to, without the query string
   * @param user the authenticated user's name; {@code null} for anonymous sessions
   * @param connectedAt ISO-8601 instant of the completed handshake
   * @param queuedBytes bytes waiting to be written
   * @param rooms the rooms it joined
   */
  public record SessionDescriptor(String id, @Nullable String endpoint, String path, @Nullable String user,
      @Nullable String remoteAddress, @Nullable String connectedAt, long messagesReceived, long messagesSent,
      long bytesReceived, long bytesSent, long queuedBytes, List<String> rooms) {
  }

  /** A session the operator closed: the close handshake has started. */
  public record ClosedSessionDescriptor(String id, int code, String reason) {
  }
}
