package dev.duplex.spring.cluster;

import dev.duplex.spring.messaging.OutboundMessage;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.session.DefaultDuplexSession;
import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.session.SessionRegistry;
import java.security.Principal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WsMessenger} of a cluster node: it delivers to the recipients on this node directly and publishes
 * room, user and global messages through the {@link ClusterBroker} for the other nodes, which deliver what they
 * receive to their own sessions. A session id is known only on its node, so {@link #toSession(String)} stays
 * local.
 *
 * <p>With room history on, every envelope sent to a room is recorded first and delivered, here and elsewhere,
 * with its offset; raw text and binary messages are never recorded. The counts returned by sends are the
 * sessions of this node.
 */
public final class ClusterMessenger implements WsMessenger, ClusterBroker.Listener {

  private static final Logger log = LoggerFactory.getLogger(ClusterMessenger.class);

  private final SessionRegistry registry;
  private final ClusterBroker broker;
  private final ClusterFrames frames;
  private final ResumeGates gates;
  private final boolean history;
  private final boolean presenceEvents;

  /**
   * @param history whether room envelopes are recorded in the room's history
   * @param presenceEvents whether room members hear of the sessions a dead node took with it
   */
  ClusterMessenger(SessionRegistry registry, ClusterBroker broker, ClusterFrames frames, ResumeGates gates,
      boolean history, boolean presenceEvents) {
    this.registry = registry;
    this.broker = broker;
    this.frames = frames;
    this.gates = gates;
    this.history = history;
    this.presenceEvents = presenceEvents;
  }

  @Override
  public Recipients toSession(String sessionId) {
    return new ClusterRecipients(null, sessionId, null);
  }

  @Override
  public Recipients toUser(String user) {
    return new ClusterRecipients(Target.user(user), null, null);
  }

  @Override
  public Recipients toRoom(String room) {
    return new ClusterRecipients(Target.room(room), null, null);
  }

  @Override
  public Recipients toAll() {
    return new ClusterRecipients(Target.all(), null, null);
  }

  /** Sends an envelope to a room, cluster-wide, without recording it in the room's history. */
  void sendUnrecorded(String room, String type, Object data) {
    publish(ClusterMessage.envelope(broker.nodeId(), Target.room(room), null, type, null, frames.dataJson(data)));
  }

  private int dispatch(ClusterMessage message) {
    if (history && message.isEnvelope() && message.target().kind() == Target.Kind.ROOM) {
      int local = registry.room(message.target().name()).size();
      broker.publishRecorded(message, (recorded, error) -> {
        if (error != null) {
          publishFailed(message, error);
        }
        deliver(recorded);
      });
      return local;
    }
    return publish(message);
  }

  private int publish(ClusterMessage message) {
    broker.publish(message).whenComplete((ignored, error) -> {
      if (error != null) {
        publishFailed(message, error);
      }
    });
    return deliver(message);
  }

  /** The broker counted it ({@link BrokerStats}); this says which message it was. */
  private void publishFailed(ClusterMessage message, Throwable error) {
    log.debug("{} did not reach the other nodes", message, error);
  }

  @Override
  public void received(ClusterMessage message) {
    deliver(message);
  }

  @Override
  public void presenceLost(String node, String room, String sessionId, String user, int userSessions) {
    if (presenceEvents) {
      sendUnrecorded(room, PresenceEvent.LEAVE, new PresenceEvent(room, user, sessionId, node, userSessions));
    }
  }

  @Override
  public Map<String, Map<String, String>> localPresence() {
    Map<String, Map<String, String>> rooms = new HashMap<>();
    for (DuplexSession session : registry.sessions()) {
      Principal user = session.principal();
      for (String room : session.rooms()) {
        rooms.computeIfAbsent(room, r -> new HashMap<>()).put(session.id(), user == null ? "" : user.getName());
      }
    }
    return rooms;
  }

  /** Delivers to the recipients on this node; returns how many it was given to. */
  private int deliver(ClusterMessage message) {
    Target target = message.target();
    Collection<DuplexSession> sessions = switch (target.kind()) {
      case ROOM -> registry.room(target.name());
      case USER -> registry.user(target.name());
      case ALL -> registry.sessions();
    };
    return deliver(sessions, message);
  }

  private int deliver(Collection<DuplexSession> sessions, ClusterMessage message) {
    if (sessions.isEmpty()) {
      return 0;
    }
    OutboundMessage frame = frames.live(message);
    String room = message.target().kind() == Target.Kind.ROOM ? message.target().name() : null;
    // Session ids are unique on one node only: the excluded session is one of the sending node's.
    String excluded = message.origin().equals(broker.nodeId()) ? message.except() : null;
    int count = 0;
    for (DuplexSession session : sessions) {
      if (session.id().equals(excluded) || !session.isOpen()) {
        continue;
      }
      if (room == null || !gates.hold(session.id(), room, message)) {
        ((DefaultDuplexSession) session).deliver(frame);
      }
      count++;
    }
    return count;
  }

  /** Delivers a message held back by a resume gate to its session. */
  void deliverTo(DuplexSession session, ClusterMessage message) {
    if (session.isOpen()) {
      ((DefaultDuplexSession) session).deliver(frames.live(message));
    }
  }

  @Override
  public String toString() {
    return "ClusterMessenger[" + broker + (history ? ", history" : "") + "]";
  }

  private final class ClusterRecipients implements Recipients {

    /** {@code null} for a single session. */
    private final Target target;
    private final String sessionId;
    private final String excluded;

    ClusterRecipients(Target target, String sessionId, String excluded) {
      this.target = target;
      this.sessionId = sessionId;
      this.excluded = excluded;
    }

    @Override
    public Recipients except(String session) {
      return new ClusterRecipients(target, sessionId, session);
    }

    @Override
    public int send(String type, Object data) {
      return send(type, null, data);
    }

    @Override
    public int send(String type, String key, Object data) {
      return send(ClusterMessage.envelope(broker.nodeId(), target(), excluded, type, key, frames.dataJson(data)));
    }

    @Override
    public int sendText(String text) {
      return send(ClusterMessage.text(broker.nodeId(), target(), excluded, text));
    }

    @Override
    public int sendBinary(byte[] data) {
      return send(ClusterMessage.binary(broker.nodeId(), target(), excluded, data));
    }

    /** Single-session messages use the {@code ALL} target only to carry the payload; they never leave. */
    private Target target() {
      return target != null ? target : Target.all();
    }

    private int send(ClusterMessage message) {
      if (target != null) {
        return dispatch(message);
      }
      DuplexSession session = registry.session(sessionId);
      return session == null ? 0 : deliver(List.of(session), message);
    }
  }
}
