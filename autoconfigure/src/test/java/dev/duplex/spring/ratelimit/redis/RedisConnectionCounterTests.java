package dev.duplex.spring.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.spring.ratelimit.ConnectionCounter;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Caps shared by nodes through the local Redis: each counter here is one node. */
class RedisConnectionCounterTests {

  private static final Duration RENEW = Duration.ofMillis(200);
  private static final Duration TTL = Duration.ofMillis(800);

  private final RedisClient client = LocalRedis.client();
  private final String prefix = LocalRedis.uniquePrefix();
  private final RedisConnectionCounter nodeA = connected(new RedisConnectionCounter(client, prefix, "a", RENEW, TTL));
  private final RedisConnectionCounter nodeB = connected(new RedisConnectionCounter(client, prefix, "b", RENEW, TTL));

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
    client.shutdown();
  }

  @Test
  void aCapHoldsAcrossNodesAndAReleaseOnOneMakesRoomOnTheOther() {
    ConnectionCounter.Permit first = nodeA.tryAcquire("user:alice", 3);
    assertThat(first).isNotNull();
    assertThat(nodeA.tryAcquire("user:alice", 3)).isNotNull();
    assertThat(nodeB.tryAcquire("user:alice", 3)).isNotNull();
    assertThat(nodeB.tryAcquire("user:alice", 3)).isNull();
    assertThat(nodeA.tryAcquire("user:bob", 3)).as("another key").isNotNull();

    first.release();

    await().atMost(Duration.ofSeconds(5)).until(() -> nodeB.tryAcquire("user:alice", 3) != null);
    assertThat(nodeA.tryAcquire("user:alice", 3)).isNull();
  }

  @Test
  void livePlacesAreRenewedPastTheirTimeToLive() {
    nodeA.tryAcquire("user:carol", 1);

    await().during(TTL.multipliedBy(3)).atMost(TTL.multipliedBy(5))
        .until(() -> nodeB.tryAcquire("user:carol", 1) == null);
  }

  @Test
  void thePlacesOfANodeThatDiedWithoutReleasingThemLapse() {
    RedisConnectionCounter dying = connected(new RedisConnectionCounter(client, prefix, "c", RENEW, TTL));
    dying.tryAcquire("user:dave", 1);
    assertThat(nodeA.tryAcquire("user:dave", 1)).isNull();

    dying.close();

    await().atMost(TTL.multipliedBy(5)).until(() -> nodeA.tryAcquire("user:dave", 1) != null);
  }

  @Test
  void withoutRedisTheCapHoldsPerNode() {
    RedisClient nowhere = RedisClient.create("redis://127.0.0.1:1");
    try (RedisConnectionCounter offline = new RedisConnectionCounter(nowhere, prefix, "d", RENEW, TTL)) {
      assertThat(offline.tryAcquire("user:erin", 2)).isNotNull();
      ConnectionCounter.Permit second = offline.tryAcquire("user:erin", 2);
      assertThat(second).isNotNull();
      assertThat(offline.tryAcquire("user:erin", 2)).isNull();

      second.release();

      assertThat(offline.tryAcquire("user:erin", 2)).isNotNull();
    } finally {
      nowhere.shutdown();
    }
  }

  private static RedisConnectionCounter connected(RedisConnectionCounter counter) {
    await().atMost(Duration.ofSeconds(10)).until(counter::isConnected);
    return counter;
  }
}
