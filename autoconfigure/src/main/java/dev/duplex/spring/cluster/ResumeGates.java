package dev.duplex.spring.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Holds back the live messages of a room for a session while its history is replayed, so that the session
 * receives each message once and in offset order: replayed ones first, then the live ones the replay did not
 * cover.
 */
final class ResumeGates {

  private final Map<String, Gate> gates = new ConcurrentHashMap<>();

  /** Starts holding the room's live messages for the session. */
  Gate open(String sessionId, String room) {
    Gate gate = new Gate(key(sessionId, room));
    Gate previous = gates.put(gate.key, gate);
    if (previous != null) {
      previous.release(ClusterMessage.NO_OFFSET, message -> gate.hold(message));
    }
    return gate;
  }

  /** Whether the message was held back for the session rather than to be delivered now. */
  boolean hold(String sessionId, String room, ClusterMessage message) {
    if (gates.isEmpty()) {
      return false;
    }
    Gate gate = gates.get(key(sessionId, room));
    return gate != null && gate.hold(message);
  }

  private static String key(String sessionId, String room) {
    return sessionId + '\u0000' + room;
  }

  /** The gate of one session and room. */
  final class Gate {

    private final String key;
    private final List<ClusterMessage> held = new ArrayList<>();
    private boolean open = true;

    private Gate(String key) {
      this.key = key;
    }

    private synchronized boolean hold(ClusterMessage message) {
      if (open) {
        held.add(message);
      }
      return open;
    }

    /**
     * Delivers what was held, except the recorded messages at or below {@code replayedUpTo}, and lets later
     * messages through.
     */
    synchronized void release(long replayedUpTo, Consumer<ClusterMessage> deliver) {
      open = false;
      for (ClusterMessage message : held) {
        if (!message.hasOffset() || message.offset() > replayedUpTo) {
          deliver.accept(message);
        }
      }
      held.clear();
      // Only now: until here a concurrent delivery finds the gate and waits for the held messages to go first.
      gates.remove(key, this);
    }
  }
}
