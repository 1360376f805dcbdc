package dev.duplex.spring.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Carries messages, presence and room history between the nodes of a cluster. The messenger delivers to the
 * sessions of its own node directly and gives the broker what the other nodes need; the broker hands what other
 * nodes published to the {@link Listener}, never the node's own messages.
 *
 * <p>Every operation is asynchronous and never blocks the caller on the network; a failure completes the stage
 * exceptionally. A broker that reaches other nodes counts what it publishes, fails to publish and receives in
 * {@link BrokerStats}, so that nothing is dropped silently.
 */
public interface ClusterBroker extends AutoCloseable {

  /** This node's id, unique in the cluster for the life of the process. */
  String nodeId();

  /** Starts receiving; called once before any other operation. Messages this node published are not passed on. */
  void start(Listener listener);

  /** Receives what other nodes publish for {@code target} until {@link #unsubscribe(Target)}. */
  CompletionStage<Void> subscribe(Target target);

  CompletionStage<Void> unsubscribe(Target target);

  /** Sends to the other nodes that subscribed to the message's target. */
  CompletionStage<Void> publish(ClusterMessage message);

  /**
   * Records a room message in the room's history, which gives it the next offset of the room, and sends it to
   * the other nodes. {@code whenDone} is called once, in the order of the calls, with the message carrying its
   * offset, or with the message as given and the failure.
   */
  void publishRecorded(ClusterMessage message, BiConsumer<ClusterMessage, Throwable> whenDone);

  /** The room messages recorded after {@code offset}, oldest first, as far as the history still holds them. */
  CompletionStage<HistorySlice> history(String room, long offset);

  /**
   * Records that a session is in a room.
   *
   * @param user the session's user, or {@code null} for an anonymous session
   * @return how many sessions the user has in the room now, cluster-wide; 0 for an anonymous session
   */
  CompletionStage<Integer> presenceJoin(String room, String sessionId, String user);

  /** Records that a session left a room; completes with the user's remaining sessions in the room. */
  CompletionStage<Integer> presenceLeave(String room, String sessionId, String user);

  /** Who is in a room, cluster-wide. */
  CompletionStage<RoomPresence> presence(String room);

  /** Whether the broker can currently reach the other nodes. */
  boolean isConnected();

  /** The nodes that are alive, this one included. */
  List<ClusterNode> nodes();

  /** Stops receiving and releases connections; this node's sessions leave presence with it. */
  @Override
  void close();

  /** What the broker tells the node it serves. */
  interface Listener {

    /** A message another node published to a target this node subscribed to. */
    void received(ClusterMessage message);

    /** A session of {@code node}, which died, left a room; the broker removed it from presence. */
    void presenceLost(String node, String room, String sessionId, String user, int userSessions);

    /**
     * This node's sessions by room (session id to user name, {@code ""} for anonymous), which the broker
     * writes back to presence after losing its connection.
     */
    Map<String, Map<String, String>> localPresence();
  }
}
