package dev.duplex.spring.cluster.redis;

/**
 * The Lua scripts that change several keys at once, so that no other node ever sees half a change. Each is sent
 * with {@code EVAL}; Redis caches it by digest.
 */
final class RedisScripts {

  /**
   * Records a room message and publishes it. KEYS: stream, counter, channel. ARGV: max length, oldest id kept
   * ({@code ms-0}), stream time to live in ms, message head, message tail. Returns the message's offset.
   */
  static final String RECORD = """
      local n = redis.call('INCR', KEYS[2])
      local message = ARGV[4] .. n .. ARGV[5]
      redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', message)
      redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      redis.call('PUBLISH', KEYS[3], message)
      return n
      """;

  /**
   * Reads the messages after an offset. KEYS: stream, counter. ARGV: offset. Returns the newest offset, how many
   * messages came after the given one, then as many of them as the stream holds, oldest first. Offsets have no
   * holes, so the newest {@code missed} entries are exactly the missed messages when the stream holds them.
   */
  static final String READ = """
      local latest = tonumber(redis.call('GET', KEYS[2]) or '0')
      local missed = latest - tonumber(ARGV[1])
      local out = {latest, missed}
      if missed <= 0 then return out end
      local entries = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', missed)
      for i = #entries, 1, -1 do table.insert(out, entries[i][2][2]) end
      return out
      """;

  /**
   * A session enters a room. KEYS: sessions hash, users hash, the node's rooms. ARGV: session, node, user ({@code
   * ""} for anonymous), room. Returns the user's sessions in the room.
   */
  static final String JOIN = """
      if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2] .. '\\0' .. ARGV[3]) == 1 then
        redis.call('SADD', KEYS[3], ARGV[4])
        if ARGV[3] ~= '' then return redis.call('HINCRBY', KEYS[2], ARGV[3], 1) end
      end
      if ARGV[3] == '' then return 0 end
      return tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
      """;

  /**
   * A session leaves a room. KEYS: sessions hash, users hash. ARGV: session, user. Returns the user's remaining
   * sessions in the room.
   */
  static final String LEAVE = """
      local value = redis.call('HGET', KEYS[1], ARGV[1])
      if value then
        redis.call('HDEL', KEYS[1], ARGV[1])
        local user = string.sub(value, string.find(value, '\\0', 1, true) + 1)
        if user ~= '' then
          local left = redis.call('HINCRBY', KEYS[2], user, -1)
          if left <= 0 then redis.call('HDEL', KEYS[2], user) end
        end
      end
      if ARGV[2] == '' then return 0 end
      return tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
      """;

  /**
   * Makes the presence of one node in one room what the node says it is, after the node lost its connection.
   * KEYS: sessions hash, users hash, the node's rooms. ARGV: node, room, then session and user pairs.
   */
  static final String SYNC = """
      local wanted = {}
      local count = 0
      for i = 3, #ARGV, 2 do wanted[ARGV[i]] = ARGV[i + 1]; count = count + 1 end
      local all = redis.call('HGETALL', KEYS[1])
      for i = 1, #all, 2 do
        local value = all[i + 1]
        local sep = string.find(value, '\\0', 1, true)
        if string.sub(value, 1, sep - 1) == ARGV[1] then
          if wanted[all[i]] then
            wanted[all[i]] = nil
          else
            redis.call('HDEL', KEYS[1], all[i])
            local user = string.sub(value, sep + 1)
            if user ~= '' then
              if redis.call('HINCRBY', KEYS[2], user, -1) <= 0 then redis.call('HDEL', KEYS[2], user) end
            end
          end
        end
      end
      for session, user in pairs(wanted) do
        redis.call('HSET', KEYS[1], session, ARGV[1] .. '\\0' .. user)
        if user ~= '' then redis.call('HINCRBY', KEYS[2], user, 1) end
      end
      if count > 0 then redis.call('SADD', KEYS[3], ARGV[2]) else redis.call('SREM', KEYS[3], ARGV[2]) end
      return count
      """;

  /**
   * Renews a node's heartbeat. KEYS: heartbeat, nodes set. ARGV: node, value, time to live in ms. Returns 1 when
   * the node was not in the set: it is new, or another node took it for dead and removed its presence.
   */
  static final String HEARTBEAT = """
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return redis.call('SADD', KEYS[2], ARGV[1])
      """;

  /**
   * Removes a node whose heartbeat expired, with its presence, once: only the caller that takes it out of the
   * nodes set cleans up. KEYS: nodes set, its heartbeat, its rooms. ARGV: key prefix, node. Returns room,
   * session, user and the user's remaining sessions, four values per removed session.
   */
  static final String REAP = """
      if redis.call('EXISTS', KEYS[2]) == 1 then return {} end
      if redis.call('SREM', KEYS[1], ARGV[2]) == 0 then return {} end
      local out = {}
      for _, room in ipairs(redis.call('SMEMBERS', KEYS[3])) do
        local sessions = ARGV[1] .. ':p:' .. room
        local users = ARGV[1] .. ':pu:' .. room
        local all = redis.call('HGETALL', sessions)
        for i = 1, #all, 2 do
          local value = all[i + 1]
          local sep = string.find(value, '\\0', 1, true)
          if string.sub(value, 1, sep - 1) == ARGV[2] then
            redis.call('HDEL', sessions, all[i])
            local user = string.sub(value, sep + 1)
            local left = 0
            if user ~= '' then
              left = redis.call('HINCRBY', users, user, -1)
              if left <= 0 then redis.call('HDEL', users, user) end
            end
            table.insert(out, room)
            table.insert(out, all[i])
            table.insert(out, user)
            table.insert(out, tostring(left))
          end
        end
      end
      redis.call('DEL', KEYS[3])
      return out
      """;

  private RedisScripts() {
  }
}
