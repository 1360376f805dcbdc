package dev.duplex.spring.cluster.redis;

import dev.duplex.spring.cluster.BrokerStats;
import dev.duplex.spring.cluster.ClusterBroker;
import dev.duplex.spring.cluster.ClusterMessage;
import dev.duplex.spring.cluster.ClusterNode;
import dev.duplex.spring.cluster.HistorySlice;
import dev.duplex.spring.cluster.RoomPresence;
import dev.duplex.spring.cluster.Target;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterBroker} on Redis, through two Lettuce connections: one for commands, whose single ordered
 * stream keeps each node's publishes in order, and one for pub/sub, whose messages arrive on one thread in the
 * order Redis sent them.
 *
 * <ul>
 *   <li>Messages: a channel per room and per user, subscribed while a local session needs it, and one channel
 *       for everyone.
 *   <li>History: a stream per room, trimmed to about {@code historyLength} entries and {@code historyAge}; a
 *       script gives each message the room's next offset, appends it and publishes it in one step.
 *   <li>Presence and liveness: see {@link RedisPresence} and {@link NodeHeartbeat}.
 *   <li>Outages: commands are refused while disconnected (so a publish fails and is counted instead of waiting
 *       in a queue), Lettuce reconnects and re-subscribes by itself, and the next heartbeat writes presence and
 *       subscriptions back.
 * </ul>
 */
public final class RedisClusterBroker implements ClusterBroker {

  private static final Logger log = LoggerFactory.getLogger(RedisClusterBroker.class);

  private final String nodeId;
  private final RedisKeys keys;
  private final RedisBrokerSettings settings;
  private final BrokerStats stats;
  private final ClusterMessageCodec codec = new ClusterMessageCodec();
  private final StatefulRedisConnection<byte[], byte[]> commands;
  private final StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
  private final RedisPresence presence;
  private final Set<Target> subscribed = ConcurrentHashMap.newKeySet();
  private final Object recordLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private NodeHeartbeat heartbeat;
  private volatile Listener listener;

  /**
   * Connects to Redis.
   *
   * @throws IllegalStateException when Redis cannot be reached
   */
  /** @param stats counts publishes, failed publishes and messages received */
  public RedisClusterBroker(RedisClient client, String nodeId, RedisBrokerSettings settings, BrokerStats stats) {
    this.nodeId = nodeId;
    this.stats = stats;
    this.keys = new RedisKeys(settings.keyPrefix());
    this.settings = settings;
    try {
      this.commands = client.connect(ByteArrayCodec.INSTANCE);
      this.pubsub = client.connectPubSub(ByteArrayCodec.INSTANCE);
    } catch (RedisException e) {
      throw new IllegalStateException("duplex.cluster.broker=redis: cannot connect to Redis (spring.data.redis.*): "
          + e.getMessage(), e);
    }
    this.presence = new RedisPresence(commands, keys, nodeId);
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    pubsub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(byte[] channel, byte[] message) {
        receive(message);
      }
    });
    subscribed.add(Target.all());
    pubsub.sync().subscribe(keys.channel(Target.all()));
    heartbeat = new NodeHeartbeat(commands, keys, nodeId, settings.heartbeatInterval(), settings.nodeTtl(),
        presence, this::resync, lost -> listener.presenceLost(lost.node(), lost.room(), lost.sessionId(),
            lost.user(), lost.userSessions()));
    heartbeat.start();
  }

  private void receive(byte[] bytes) {
    ClusterMessage message;
    try {
      message = codec.decode(bytes);
    } catch (IllegalArgumentException e) {
      log.warn("Ignored a message on a Duplex channel that is not a cluster message: {}", e.getMessage());
      return;
    }
    if (!message.origin().equals(nodeId)) {
      stats.recordReceived();
      listener.received(message);
    }
  }

  /** Writes presence and subscriptions back after the connection was lost; on the heartbeat thread. */
  private void resync() {
    subscribed.forEach(target -> pubsub.async().subscribe(keys.channel(target)));
    presence.sync(listener.localPresence());
    log.info("Cluster node {} wrote back its presence and {} subscriptions", nodeId, subscribed.size());
  }

  @Override
  public CompletionStage<Void> subscribe(Target target) {
    subscribed.add(target);
    return guard(() -> pubsub.async().subscribe(keys.channel(target)));
  }

  @Override
  public CompletionStage<Void> unsubscribe(Target target) {
    subscribed.remove(target);
    return guard(() -> pubsub.async().unsubscribe(keys.channel(target)));
  }

  @Override
  public CompletionStage<Void> publish(ClusterMessage message) {
    return counted(guard(() -> commands.async().publish(keys.channel(message.target()), codec.encode(message))))
        .thenApply(receivers -> null);
  }

  @Override
  public void publishRecorded(ClusterMessage message, BiConsumer<ClusterMessage, Throwable> whenDone) {
    String room = message.target().name();
    long oldest = System.currentTimeMillis() - settings.historyAge().toMillis();
    synchronized (recordLock) {
      // Sent and given its callback under one lock: callbacks then run in the order of the offsets.
      CompletionStage<Long> offset = counted(guard(() -> commands.async().eval(RedisScripts.RECORD,
          ScriptOutputType.INTEGER, new byte[][] {keys.history(room), keys.historyCounter(room), keys.channel(message.target())},
          RedisKeys.bytes(Integer.toString(settings.historyLength())), RedisKeys.bytes(oldest + "-0"),
          RedisKeys.bytes(Long.toString(settings.historyAge().toMillis())), codec.head(message),
          codec.tail(message))));
      offset.whenComplete((recorded, error) ->
          whenDone.accept(error == null ? message.withOffset(recorded) : message, error));
    }
  }

  @Override
  public CompletionStage<HistorySlice> history(String room, long offset) {
    CompletionStage<List<Object>> read = guard(() -> commands.async().eval(RedisScripts.READ,
        ScriptOutputType.MULTI, new byte[][] {keys.history(room), keys.historyCounter(room)},
        RedisKeys.bytes(Long.toString(offset))));
    return read.thenApply(values -> {
      List<ClusterMessage> messages = new ArrayList<>(values.size() - 2);
      for (Object value : values.subList(2, values.size())) {
        messages.add(codec.decode((byte[]) value));
      }
      return new HistorySlice((Long) values.get(0), (Long) values.get(1), messages);
    });
  }

  @Override
  public CompletionStage<Integer> presenceJoin(String room, String sessionId, String user) {
    return staleOnFailure(guard(() -> presence.join(room, sessionId, user)));
  }

  @Override
  public CompletionStage<Integer> presenceLeave(String room, String sessionId, String user) {
    return staleOnFailure(guard(() -> presence.leave(room, sessionId, user)));
  }

  private <T> CompletionStage<T> counted(CompletionStage<T> publish) {
    return publish.whenComplete((value, error) -> {
      if (error != null) {
        stats.recordPublishFailure();
      } else {
        stats.recordPublished();
      }
    });
  }

  private <T> CompletionStage<T> staleOnFailure(CompletionStage<T> stage) {
    return stage.whenComplete((value, error) -> {
      if (error != null && heartbeat != null) {
        heartbeat.markStale();
      }
    });
  }

  @Override
  public CompletionStage<RoomPresence> presence(String room) {
    return guard(() -> presence.room(room));
  }

  @Override
  public boolean isConnected() {
    return commands.isOpen() && pubsub.isOpen();
  }

  @Override
  public List<ClusterNode> nodes() {
    return heartbeat == null ? List.of(new ClusterNode(nodeId, true)) : heartbeat.alive();
  }

  /** Idempotent: the lifecycle closes the broker, and so may its bean's destruction. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (heartbeat != null) {
      heartbeat.stop();
    }
    pubsub.close();
    commands.close();
  }

  /** A stage for the call, failed rather than thrown when Lettuce refuses the command outright. */
  private static <T> CompletionStage<T> guard(java.util.function.Supplier<? extends CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public String toString() {
    return "RedisClusterBroker[" + nodeId + ", prefix " + keys.prefix() + (isConnected() ? "" : ", disconnected")
        + "]";
  }
}
