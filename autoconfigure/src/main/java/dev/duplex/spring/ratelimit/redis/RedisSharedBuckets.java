package dev.duplex.spring.ratelimit.redis;

import dev.duplex.spring.ratelimit.MessageRate;
import dev.duplex.spring.ratelimit.SharedBuckets;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User, IP and handshake buckets in Redis through Bucket4j's Lettuce integration (compare-and-swap), so that a
 * user's rate holds across every node. A bucket's key expires once the bucket would be full again.
 *
 * <p>While Redis cannot be reached, buckets are kept on this node (the rate then holds per node), and a warning is
 * logged once per outage: a limit must not turn a Redis outage into refused messages.
 */
public final class RedisSharedBuckets implements SharedBuckets, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisSharedBuckets.class);

  private final RedisConnector<StatefulRedisConnection<String, byte[]>> connection;
  private final String prefix;
  private final Duration timeout;
  private volatile SharedBuckets redis;
  private final SharedBuckets fallback;
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  /**
   * @param keyPrefix the cluster's key prefix; buckets are {@code PREFIX:lb:KEY}
   * @param timeout how long one bucket operation may wait for Redis before the local fallback answers
   * @param maxLocalBuckets the bound of the fallback's buckets
   */
  public RedisSharedBuckets(RedisClient client, String keyPrefix, Duration timeout, long maxLocalBuckets) {
    this.connection = new RedisConnector<>(() -> client.connect(RedisCodec.of(StringCodec.UTF8,
        ByteArrayCodec.INSTANCE)));
    this.prefix = keyPrefix + ":lb:";
    this.timeout = timeout;
    this.fallback = SharedBuckets.inMemory(maxLocalBuckets);
  }

  /** The buckets on Redis, built on the first connection. */
  private SharedBuckets redis() {
    SharedBuckets built = redis;
    if (built == null) {
      ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection.get())
          .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
          .requestTimeout(timeout)
          .build();
      built = SharedBuckets.of(buckets.withMapper(key -> prefix + key));
      redis = built;
    }
    return built;
  }

  @Override
  public ConsumptionProbe tryConsume(String key, MessageRate rate) {
    try {
      ConsumptionProbe probe = redis().tryConsume(key, rate);
      recovered();
      return probe;
    } catch (RuntimeException e) {
      unreachable(e);
      return fallback.tryConsume(key, rate);
    }
  }

  @Override
  public void giveBack(String key, MessageRate rate) {
    try {
      redis().giveBack(key, rate);
    } catch (RuntimeException e) {
      unreachable(e);
      fallback.giveBack(key, rate);
    }
  }

  private void unreachable(RuntimeException e) {
    if (reachable.compareAndSet(true, false)) {
      log.warn("Redis unreachable for rate limits; limiting per node until it is back: {}", e.toString());
    }
  }

  private void recovered() {
    if (reachable.compareAndSet(false, true)) {
      log.info("Redis reachable again for rate limits");
    }
  }

  /** Whether the connection to Redis has been opened; until then this node limits on its own. */
  public boolean isConnected() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return "RedisSharedBuckets[" + connection + "]";
  }
}
