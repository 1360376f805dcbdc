package dev.duplex.spring.cluster;

import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps a resumed session from receiving a room message twice or out of order. While the room's history is
 * replayed to the session, the room's live messages for it are held back; afterwards they follow the replayed
 * ones, and any recorded message the replay already covered is dropped, including one that reaches this node
 * only later (the subscription may lag behind the history read). A gate lasts until the session leaves the room.
 */
final class ResumeGates implements SessionRegistry.MembershipListener {

  private final Map<String, Map<String, Gate>> rooms = new ConcurrentHashMap<>();

  /** Starts holding the room's live messages for the session. */
  Gate open(String sessionId, String room) {
    Gate gate = new Gate();
    rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(sessionId, gate);
    return gate;
  }

  /** Whether the message must not be delivered to the session now: it is held back, or a duplicate. */
  boolean hold(String sessionId, String room, ClusterMessage message) {
    if (rooms.isEmpty()) {
      return false;
    }
    Map<String, Gate> gates = rooms.get(room);
    Gate gate = gates == null ? null : gates.get(sessionId);
    return gate != null && gate.hold(message);
  }

  @Override
  public void joined(DuplexSession session, String room) {
  }

  @Override
  public void left(DuplexSession session, String room) {
    rooms.computeIfPresent(room, (r, gates) -> {
      gates.remove(session.id());
      return gates.isEmpty() ? null : gates;
    });
  }

  @Override
  public void userAdded(DuplexSession session, String user) {
  }

  @Override
  public void userRemoved(DuplexSession session, String user) {
  }

  /** The gate of one session and room. */
  static final class Gate {

    private final List<ClusterMessage> held = new ArrayList<>();
    private boolean holding = true;
    private long replayedUpTo = ClusterMessage.NO_OFFSET;

    private synchronized boolean hold(ClusterMessage message) {
      if (holding) {
        held.add(message);
        return true;
      }
      return message.hasOffset() && message.offset() <= replayedUpTo;
    }

    /**
     * Delivers what was held, except the recorded messages at or below {@code upTo}, which were replayed, and
     * from now on drops those and lets the others through.
     */
    synchronized void release(long upTo, Consumer<ClusterMessage> deliver) {
      holding = false;
      replayedUpTo = upTo;
      for (ClusterMessage message : held) {
        if (!message.hasOffset() || message.offset() > upTo) {
          deliver.accept(message);
        }
      }
      held.clear();
    }
  }
}
