package dev.duplex.spring.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.ratelimit.redis.RedisConnectionCounter;
import dev.duplex.spring.ratelimit.redis.RedisSharedBuckets;
import dev.duplex.spring.support.RawHandshake;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-user limits across two nodes that share the Redis on 127.0.0.1:6379 through the Redis broker: a user's
 * connections and messages count together wherever they land.
 */
class ClusterLimitsTests {

  @AutoClose
  final WsTestClient client = new WsTestClient();

  private final String prefix = "duplex-test-" + UUID.randomUUID();

  @BeforeAll
  static void redisAnswers() {
    RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
    try (StatefulRedisConnection<String, String> connection = redis.connect()) {
      connection.sync().ping();
    } catch (RedisException e) {
      throw new AssertionError("these tests need a Redis on 127.0.0.1:6379 (bash .ci/run starts one)", e);
    } finally {
      redis.shutdown();
    }
  }

  @Test
  void aUsersConnectionCapHoldsAcrossNodes() throws IOException {
    try (LimitedApp.Running a = node("duplex.rate-limit.connections.max-per-user=2");
        LimitedApp.Running b = node("duplex.rate-limit.connections.max-per-user=2")) {
      awaitRedis(a, b);
      TestSession first = client.connect(a.port(), "/chat?user=alice");
      client.connect(b.port(), "/chat?user=alice");

      RawHandshake.to(a.port(), "/chat?user=alice").send().assertRefused(429, null);
      RawHandshake.to(b.port(), "/chat?user=alice").send().assertRefused(429, null);
      assertThat(RawHandshake.to(b.port(), "/chat?user=bob").send().status()).isEqualTo(101);

      first.close(CloseStatus.NORMAL);
      first.awaitClose();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> RawHandshake.to(b.port(), "/chat?user=alice").send().status() == 101);
    }
  }

  @Test
  void aUsersMessageRateHoldsAcrossNodes() {
    String[] limits = {"duplex.rate-limit.messages-per-second=0", "duplex.rate-limit.per-user.messages-per-second=1",
        "duplex.rate-limit.per-user.burst=6"};
    try (LimitedApp.Running a = node(limits); LimitedApp.Running b = node(limits)) {
      awaitRedis(a, b);
      TestSession onA = client.connect(a.port(), "/chat?user=alice");
      TestSession onB = client.connect(b.port(), "/chat?user=alice");

      Burst first = Burst.send(onA, "chat.send", 4);
      Burst second = Burst.send(onB, "chat.send", 4);

      double seconds = (first.elapsedNanos() + second.elapsedNanos()) / 1e9;
      assertThat(first.accepted() + second.accepted()).isBetween(6, 6 + (int) Math.ceil(seconds) + 1);
      assertThat(second.rejected()).isPositive();
    }
  }

  /** The limits' Redis connections open in the background; until they do, each node limits on its own. */
  private static void awaitRedis(LimitedApp.Running... nodes) {
    for (LimitedApp.Running node : nodes) {
      RedisSharedBuckets buckets = (RedisSharedBuckets) node.context().getBean(SharedBuckets.class);
      RedisConnectionCounter counter = (RedisConnectionCounter) node.context().getBean(ConnectionCounter.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> buckets.isConnected() && counter.isConnected());
    }
  }

  private LimitedApp.Running node(String... limits) {
    String[] properties = new String[limits.length + 3];
    properties[0] = "duplex.cluster.broker=redis";
    properties[1] = "duplex.cluster.redis.key-prefix=" + prefix;
    properties[2] = "spring.data.redis.url=redis://127.0.0.1:6379";
    System.arraycopy(limits, 0, properties, 3, limits.length);
    return LimitedApp.start(properties);
  }
}
