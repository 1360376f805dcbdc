package dev.duplex.spring.cluster.redis;

import dev.duplex.spring.cluster.ClusterNode;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Keeps this node alive in Redis and the others honest: every interval it renews its heartbeat (a key that
 * expires after the node TTL) and reaps each node whose heartbeat expired, removing that node's sessions from
 * presence. A node that dies without shutting down therefore leaves presence at most {@code nodeTtl +
 * heartbeatInterval} after its last heartbeat.
 *
 * <p>After a failed round, or when it finds itself reaped (it was cut off for longer than the TTL), it asks the
 * broker to write its presence and subscriptions back.
 */
final class NodeHeartbeat {

  private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisKeys keys;
  private final String nodeId;
  private final Duration interval;
  private final Duration ttl;
  private final RedisPresence presence;
  private final Runnable resync;
  private final Consumer<RedisPresence.LostSession> lost;
  private final ScheduledExecutorService scheduler;
  private final byte[] value;
  private volatile List<ClusterNode> alive;
  private volatile boolean stale;
  private boolean beaten;
  private boolean down;

  /**
   * @param resync writes this node's presence and subscriptions back
   * @param lost hears each session of a reaped node
   */
  NodeHeartbeat(StatefulRedisConnection<byte[], byte[]> connection, RedisKeys keys, String nodeId,
      Duration interval, Duration ttl, RedisPresence presence, Runnable resync,
      Consumer<RedisPresence.LostSession> lost) {
    this.connection = connection;
    this.keys = keys;
    this.nodeId = nodeId;
    this.interval = interval;
    this.ttl = ttl;
    this.presence = presence;
    this.resync = resync;
    this.lost = lost;
    this.value = Instant.now().toString().getBytes(StandardCharsets.UTF_8);
    this.alive = List.of(new ClusterNode(nodeId, true));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("duplex-heartbeat-"));
  }

  void start() {
    scheduler.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for presence and subscriptions to be written back at the next round. */
  void markStale() {
    stale = true;
  }

  List<ClusterNode> alive() {
    return alive;
  }

  private void beat() {
    try {
      Long added = connection.sync().eval(RedisScripts.HEARTBEAT, ScriptOutputType.INTEGER,
          new byte[][] {keys.heartbeat(nodeId), keys.nodes()}, nodeId.getBytes(StandardCharsets.UTF_8), value,
          Long.toString(ttl.toMillis()).getBytes(StandardCharsets.UTF_8));
      if (stale || (beaten && added == 1)) {
        stale = false;
        resync.run();
      }
      beaten = true;
      reapOthers();
      if (down) {
        log.info("Cluster node {} reaches Redis again", nodeId);
        down = false;
      }
    } catch (RuntimeException e) {
      stale = true;
      if (!down) {
        log.warn("Cluster node {} cannot reach Redis: {}", nodeId, e.toString());
        down = true;
      }
    }
  }

  private void reapOthers() {
    List<ClusterNode> nodes = new ArrayList<>();
    for (byte[] member : connection.sync().smembers(keys.nodes())) {
      String node = new String(member, StandardCharsets.UTF_8);
      if (node.equals(nodeId)) {
        nodes.add(new ClusterNode(node, true));
        continue;
      }
      List<RedisPresence.LostSession> removed = presence.reap(node);
      if (removed.isEmpty() && connection.sync().exists(keys.heartbeat(node)) == 1) {
        nodes.add(new ClusterNode(node, false));
      } else {
        log.info("Cluster node {} is gone; {} of its sessions left presence", node, removed.size());
        removed.forEach(lost);
      }
    }
    nodes.sort((a, b) -> a.id().compareTo(b.id()));
    alive = List.copyOf(nodes);
  }

  /** Stops the rounds and removes this node, with what it still had in presence. */
  void stop() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(interval.toMillis() + 1000, TimeUnit.MILLISECONDS);
      connection.sync().del(keys.heartbeat(nodeId));
      presence.reap(nodeId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("Cluster node {} could not remove itself; the others will once its heartbeat expires", nodeId, e);
    }
  }
}
