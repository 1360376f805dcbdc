package dev.duplex.spring.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The broker of a node that runs alone ({@code duplex.cluster.broker=local}, the default): there is no other
 * node to send to, so publishing costs nothing; presence is this node's sessions, and room history is a bounded
 * ring per room in memory, so that resume works across reconnects to this node.
 */
public final class LocalClusterBroker implements ClusterBroker {

  private final String nodeId;
  private final int historyLength;
  private final Duration historyAge;
  private final Clock clock;
  private final Map<String, RoomHistoryRing> histories = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> presence = new HashMap<>();

  /**
   * @param historyLength most messages kept per room
   * @param historyAge age after which a message leaves the history
   */
  public LocalClusterBroker(String nodeId, int historyLength, Duration historyAge, Clock clock) {
    this.nodeId = nodeId;
    this.historyLength = historyLength;
    this.historyAge = historyAge;
    this.clock = clock;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public void start(Listener listener) {
  }

  @Override
  public CompletionStage<Void> subscribe(Target target) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> unsubscribe(Target target) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> publish(ClusterMessage message) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void publishRecorded(ClusterMessage message, BiConsumer<ClusterMessage, Throwable> whenDone) {
    histories.computeIfAbsent(message.target().name(), room -> new RoomHistoryRing(historyLength, historyAge, clock))
        .append(message, recorded -> whenDone.accept(recorded, null));
  }

  @Override
  public CompletionStage<HistorySlice> history(String room, long offset) {
    RoomHistoryRing ring = histories.get(room);
    HistorySlice slice = ring == null ? new HistorySlice(0, -offset, List.of()) : ring.after(offset);
    return CompletableFuture.completedFuture(slice);
  }

  @Override
  public synchronized CompletionStage<Integer> presenceJoin(String room, String sessionId, String user) {
    presence.computeIfAbsent(room, r -> new HashMap<>()).put(sessionId, user == null ? "" : user);
    return CompletableFuture.completedFuture(userSessions(room, user));
  }

  @Override
  public synchronized CompletionStage<Integer> presenceLeave(String room, String sessionId, String user) {
    Map<String, String> members = presence.get(room);
    if (members != null) {
      members.remove(sessionId);
      if (members.isEmpty()) {
        presence.remove(room);
      }
    }
    return CompletableFuture.completedFuture(userSessions(room, user));
  }

  private int userSessions(String room, String user) {
    Map<String, String> members = presence.get(room);
    if (user == null || members == null) {
      return 0;
    }
    return (int) members.values().stream().filter(user::equals).count();
  }

  @Override
  public synchronized CompletionStage<RoomPresence> presence(String room) {
    Map<String, String> members = presence.getOrDefault(room, Map.of());
    Map<String, Integer> users = new HashMap<>();
    members.values().stream().filter(user -> !user.isEmpty()).forEach(user -> users.merge(user, 1, Integer::sum));
    return CompletableFuture.completedFuture(new RoomPresence(room, members.size(), users));
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public List<ClusterNode> nodes() {
    return List.of(new ClusterNode(nodeId, true));
  }

  @Override
  public void close() {
  }

  @Override
  public String toString() {
    return "LocalClusterBroker[" + nodeId + ", " + histories.size() + " room histories]";
  }
}
