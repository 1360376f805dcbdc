package dev.duplex.spring.cluster.redis;

import dev.duplex.spring.cluster.Target;
import java.nio.charset.StandardCharsets;

/**
 * The names of every key and channel, under one prefix so that several clusters (or tests) share a Redis:
 * {@code P:r:ROOM}, {@code P:u:USER} and {@code P:all} channels; {@code P:h:ROOM} history streams and
 * {@code P:hn:ROOM} their offset counters; {@code P:p:ROOM} ({@code node/session} to node and user) and
 * {@code P:pu:ROOM} (user to session count) presence hashes; {@code P:nr:NODE} the rooms a node has sessions in;
 * {@code P:n:NODE} heartbeats and the {@code P:nodes} set.
 */
final class RedisKeys {

  private final String prefix;

  RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  byte[] channel(Target target) {
    return switch (target.kind()) {
      case ROOM -> bytes(prefix + ":r:" + target.name());
      case USER -> bytes(prefix + ":u:" + target.name());
      case ALL -> bytes(prefix + ":all");
    };
  }

  byte[] history(String room) {
    return bytes(prefix + ":h:" + room);
  }

  byte[] historyCounter(String room) {
    return bytes(prefix + ":hn:" + room);
  }

  byte[] presenceSessions(String room) {
    return bytes(prefix + ":p:" + room);
  }

  byte[] presenceUsers(String room) {
    return bytes(prefix + ":pu:" + room);
  }

  byte[] nodeRooms(String node) {
    return bytes(prefix + ":nr:" + node);
  }

  byte[] heartbeat(String node) {
    return bytes(prefix + ":n:" + node);
  }

  byte[] nodes() {
    return bytes(prefix + ":nodes");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
