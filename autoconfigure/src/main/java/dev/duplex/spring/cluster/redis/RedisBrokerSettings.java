package dev.duplex.spring.cluster.redis;

import java.time.Duration;

/**
 * How the Redis broker names its keys and keeps nodes and history.
 *
 * @param keyPrefix prefix of every key and channel
 * @param heartbeatInterval how often a node renews its heartbeat and looks for dead nodes
 * @param nodeTtl how long a heartbeat lives: a node silent this long is dead
 * @param historyLength most messages kept per room (approximately: Redis trims whole blocks)
 * @param historyAge age after which a message leaves the history (approximately, as for the length)
 */
public record RedisBrokerSettings(String keyPrefix, Duration heartbeatInterval, Duration nodeTtl, int historyLength,
    Duration historyAge) {

  public RedisBrokerSettings {
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || nodeTtl.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("the node TTL (" + nodeTtl + ") must exceed the heartbeat interval ("
          + heartbeatInterval + "), which must be positive");
    }
  }
}
