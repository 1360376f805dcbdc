package dev.duplex.spring.ratelimit.redis;

import dev.duplex.spring.ratelimit.ConnectionCounter;
import dev.duplex.spring.ratelimit.LocalConnectionCounter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts connections of every node in Redis, so that a cap per user or per IP holds across the cluster. Each key is a
 * sorted set of the connections holding a place, scored by when their place lapses; a node renews the places of its
 * live connections every {@code renewInterval}, so the places of a node that died without releasing them lapse
 * after {@code ttl}. Taking a place is one Lua script: drop lapsed entries, compare the count with the cap, add.
 *
 * <p>While Redis cannot be reached, places are counted on this node alone (the cap then holds per node), and a
 * warning is logged once per outage: a limit must not turn a Redis outage into refused connections.
 */
public final class RedisConnectionCounter implements ConnectionCounter, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisConnectionCounter.class);

  /** KEYS[1] the set; ARGV: cap, ttl in ms, member. Redis's own clock, so that nodes' clocks do not matter. */
  private static final String ACQUIRE = """
      local t = redis.call('TIME')
      local now = t[1] * 1000 + math.floor(t[2] / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
        return 0
      end
      redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """;

  /** KEYS[1] the set; ARGV[1] ttl in ms, then the members whose places to renew (those still in the set). */
  private static final String RENEW = """
      local t = redis.call('TIME')
      local lapse = t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[1])
      for i = 2, #ARGV do
        redis.call('ZADD', KEYS[1], 'XX', lapse, ARGV[i])
      end
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return 0
      """;

  private final RedisConnector<StatefulRedisConnection<String, String>> connection;
  private final String prefix;
  private final String node;
  private final long ttlMillis;
  private final LocalConnectionCounter fallback = new LocalConnectionCounter();
  private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "duplex-connection-counter");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param keyPrefix the cluster's key prefix; sets are {@code PREFIX:lc:KEY}
   * @param node this node's id, part of every member so that nodes never share one
   * @param renewInterval how often live places are renewed
   * @param ttl how long a place lives without renewal; must be longer than {@code renewInterval}
   */
  public RedisConnectionCounter(RedisClient client, String keyPrefix, String node, Duration renewInterval,
      Duration ttl) {
    if (ttl.compareTo(renewInterval) <= 0) {
      throw new IllegalArgumentException("ttl " + ttl + " must be longer than the renew interval " + renewInterval);
    }
    this.connection = new RedisConnector<>(client::connect);
    this.prefix = keyPrefix + ":lc:";
    this.node = node;
    this.ttlMillis = ttl.toMillis();
    long every = renewInterval.toMillis();
    renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public Permit tryAcquire(String key, int max) {
    String set = prefix + key;
    String member = node + ':' + sequence.incrementAndGet();
    Long taken;
    try {
      taken = connection.get().sync().eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {set},
          Integer.toString(max), Long.toString(ttlMillis), member);
      recovered();
    } catch (RedisException e) {
      unreachable(e);
      return fallback.tryAcquire(key, max);
    }
    if (taken == null || taken == 0) {
      return null;
    }
    held.computeIfAbsent(set, ignored -> ConcurrentHashMap.newKeySet()).add(member);
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        release(set, member);
      }
    };
  }

  private void release(String set, String member) {
    held.computeIfPresent(set, (ignored, members) -> {
      members.remove(member);
      return members.isEmpty() ? null : members;
    });
    try {
      connection.get().async().zrem(set, member).exceptionally(error -> {
        log.debug("could not release {} of {}; it lapses on its own", member, set, error);
        return 0L;
      });
    } catch (RedisException e) {
      log.debug("could not release {} of {}; it lapses on its own", member, set, e);
    }
  }

  private void renew() {
    for (Map.Entry<String, Set<String>> entry : held.entrySet()) {
      List<String> members = List.copyOf(entry.getValue());
      if (members.isEmpty()) {
        continue;
      }
      String[] arguments = new String[members.size() + 1];
      arguments[0] = Long.toString(ttlMillis);
      for (int i = 0; i < members.size(); i++) {
        arguments[i + 1] = members.get(i);
      }
      try {
        connection.get().sync().eval(RENEW, ScriptOutputType.INTEGER, new String[] {entry.getKey()}, arguments);
        recovered();
      } catch (RedisException e) {
        unreachable(e);
        return;
      }
    }
  }

  private void unreachable(RedisException e) {
    if (reachable.compareAndSet(true, false)) {
      log.warn("Redis unreachable for connection caps; counting this node's connections only until it is back: {}",
          e.toString());
    }
  }

  private void recovered() {
    if (reachable.compareAndSet(false, true)) {
      log.info("Redis reachable again for connection caps");
    }
  }

  /** Whether the connection to Redis has been opened; until then this node limits on its own. */
  public boolean isConnected() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    renewer.shutdownNow();
    connection.close();
  }

  @Override
  public String toString() {
    return "RedisConnectionCounter[" + prefix + "*, node " + node + "]";
  }
}
