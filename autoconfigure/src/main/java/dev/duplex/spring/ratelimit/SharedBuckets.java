package dev.duplex.spring.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;

/**
 * Token buckets shared by many sessions, by key: those of users and client IPs, and of handshakes per IP. In
 * memory by default, where a bucket is forgotten once it would be full again; any Bucket4j {@link ProxyManager},
 * such as one on Redis, makes them span servers.
 */
public interface SharedBuckets {

  /** Takes one token from the bucket under {@code key}, created with {@code rate} on first use. */
  ConsumptionProbe tryConsume(String key, MessageRate rate);

  /** Puts back a token taken by {@link #tryConsume}, for a message another limit refused. */
  void giveBack(String key, MessageRate rate);

  /** Buckets kept by a Bucket4j proxy manager, such as one of {@code bucket4j_jdk17-lettuce}. */
  static SharedBuckets of(ProxyManager<String> buckets) {
    return new SharedBuckets() {
      @Override
      public ConsumptionProbe tryConsume(String key, MessageRate rate) {
        return buckets.getProxy(key, rate::configuration).tryConsumeAndReturnRemaining(1);
      }

      @Override
      public void giveBack(String key, MessageRate rate) {
        buckets.getProxy(key, rate::configuration).addTokens(1);
      }

      @Override
      public String toString() {
        return "SharedBuckets[" + buckets.getClass().getSimpleName() + "]";
      }
    };
  }

  /** Buckets in this JVM, at most {@code maxBuckets} of them (the least recently used go first beyond that). */
  static SharedBuckets inMemory(long maxBuckets) {
    ProxyManager<String> buckets = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(maxBuckets))
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
        .build();
    return of(buckets);
  }
}
