package dev.duplex.spring.cluster.redis;

import dev.duplex.spring.cluster.RoomPresence;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Presence in Redis: per room, a hash of its sessions (to their node and user) and a hash of its users (to their
 * session count), and per node the set of rooms it has sessions in, so that the sessions of a dead node can be
 * found and removed. Session ids are unique on one node only, so a session's field is {@code node/session}.
 */
final class RedisPresence {

  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisKeys keys;
  private final String nodeId;

  RedisPresence(StatefulRedisConnection<byte[], byte[]> connection, RedisKeys keys, String nodeId) {
    this.connection = connection;
    this.keys = keys;
    this.nodeId = nodeId;
  }

  CompletionStage<Integer> join(String room, String sessionId, String user) {
    CompletionStage<Long> count = connection.async().eval(RedisScripts.JOIN, ScriptOutputType.INTEGER,
        new byte[][] {keys.presenceSessions(room), keys.presenceUsers(room), keys.nodeRooms(nodeId)},
        field(sessionId), bytes(nodeId), bytes(user == null ? "" : user), bytes(room));
    return count.thenApply(Long::intValue);
  }

  CompletionStage<Integer> leave(String room, String sessionId, String user) {
    CompletionStage<Long> count = connection.async().eval(RedisScripts.LEAVE, ScriptOutputType.INTEGER,
        new byte[][] {keys.presenceSessions(room), keys.presenceUsers(room)},
        field(sessionId), bytes(user == null ? "" : user));
    return count.thenApply(Long::intValue);
  }

  CompletionStage<RoomPresence> room(String room) {
    var sessions = connection.async().hlen(keys.presenceSessions(room));
    var users = connection.async().hgetall(keys.presenceUsers(room));
    return sessions.thenCombine(users, (count, byUser) -> {
      Map<String, Integer> counts = new HashMap<>();
      byUser.forEach((user, sessionCount) -> counts.put(string(user), Integer.parseInt(string(sessionCount))));
      return new RoomPresence(room, count.intValue(), counts);
    });
  }

  /**
   * Writes this node's presence back as it is locally, after a lost connection: every room it has sessions in
   * and every room Redis still lists for it. Blocks.
   *
   * @param local session id to user name ({@code ""} for anonymous), by room
   */
  void sync(Map<String, Map<String, String>> local) {
    Set<String> rooms = new LinkedHashSet<>(local.keySet());
    connection.sync().smembers(keys.nodeRooms(nodeId)).forEach(room -> rooms.add(string(room)));
    for (String room : rooms) {
      List<byte[]> args = new ArrayList<>();
      args.add(bytes(nodeId));
      args.add(bytes(room));
      local.getOrDefault(room, Map.of()).forEach((session, user) -> {
        args.add(field(session));
        args.add(bytes(user));
      });
      connection.sync().eval(RedisScripts.SYNC, ScriptOutputType.INTEGER,
          new byte[][] {keys.presenceSessions(room), keys.presenceUsers(room), keys.nodeRooms(nodeId)},
          args.toArray(byte[][]::new));
    }
  }

  /** Removes a node whose heartbeat expired with its sessions, unless another node did; blocks. */
  List<LostSession> reap(String node) {
    List<Object> removed = connection.sync().eval(RedisScripts.REAP, ScriptOutputType.MULTI,
        new byte[][] {keys.nodes(), keys.heartbeat(node), keys.nodeRooms(node)}, bytes(keys.prefix()), bytes(node));
    List<LostSession> lost = new ArrayList<>(removed.size() / 4);
    for (int i = 0; i + 3 < removed.size(); i += 4) {
      String user = string((byte[]) removed.get(i + 2));
      String field = string((byte[]) removed.get(i + 1));
      lost.add(new LostSession(node, string((byte[]) removed.get(i)), field.substring(node.length() + 1),
          user.isEmpty() ? null : user, Integer.parseInt(string((byte[]) removed.get(i + 3)))));
    }
    return lost;
  }

  private byte[] field(String sessionId) {
    return bytes(nodeId + '/' + sessionId);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A session removed from presence with its dead node. */
  record LostSession(String node, String room, String sessionId, String user, int userSessions) {
  }
}
