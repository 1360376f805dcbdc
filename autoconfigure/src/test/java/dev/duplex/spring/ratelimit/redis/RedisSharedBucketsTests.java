package dev.duplex.spring.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.spring.ratelimit.MessageRate;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Buckets shared by nodes through the local Redis: each instance here is one node. */
class RedisSharedBucketsTests {

  private static final MessageRate RATE = new MessageRate(1, 4);

  private final RedisClient client = LocalRedis.client();
  private final String prefix = LocalRedis.uniquePrefix();
  private final RedisSharedBuckets nodeA = connected(new RedisSharedBuckets(client, prefix, Duration.ofSeconds(2),
      100));
  private final RedisSharedBuckets nodeB = connected(new RedisSharedBuckets(client, prefix, Duration.ofSeconds(2),
      100));

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
    client.shutdown();
  }

  @Test
  void nodesDrawOnOneBucketPerKey() {
    assertThat(nodeA.tryConsume("user:alice", RATE).isConsumed()).isTrue();
    assertThat(nodeB.tryConsume("user:alice", RATE).isConsumed()).isTrue();
    assertThat(nodeA.tryConsume("user:alice", RATE).isConsumed()).isTrue();
    assertThat(nodeB.tryConsume("user:alice", RATE).isConsumed()).isTrue();

    assertThat(nodeA.tryConsume("user:alice", RATE).isConsumed()).isFalse();
    assertThat(nodeB.tryConsume("user:bob", RATE).isConsumed()).as("another key").isTrue();
  }

  @Test
  void aTokenGivenBackOnOneNodeCanBeTakenOnAnother() {
    for (int i = 0; i < 4; i++) {
      nodeA.tryConsume("ip:10.0.0.1", RATE);
    }
    nodeA.giveBack("ip:10.0.0.1", RATE);

    assertThat(nodeB.tryConsume("ip:10.0.0.1", RATE).isConsumed()).isTrue();
  }

  @Test
  void aRefusalSaysHowLongUntilTheNextToken() {
    for (int i = 0; i < 4; i++) {
      nodeA.tryConsume("user:carol", RATE);
    }

    long nanos = nodeB.tryConsume("user:carol", RATE).getNanosToWaitForRefill();

    assertThat(Duration.ofNanos(nanos)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void withoutRedisBucketsAreKeptPerNode() {
    RedisClient nowhere = RedisClient.create("redis://127.0.0.1:1");
    try (RedisSharedBuckets offline = new RedisSharedBuckets(nowhere, prefix, Duration.ofMillis(200), 100)) {
      for (int i = 0; i < 4; i++) {
        assertThat(offline.tryConsume("user:dave", RATE).isConsumed()).isTrue();
      }
      assertThat(offline.tryConsume("user:dave", RATE).isConsumed()).isFalse();
    } finally {
      nowhere.shutdown();
    }
  }

  private static RedisSharedBuckets connected(RedisSharedBuckets buckets) {
    await().atMost(Duration.ofSeconds(10)).until(buckets::isConnected);
    return buckets;
  }
}
