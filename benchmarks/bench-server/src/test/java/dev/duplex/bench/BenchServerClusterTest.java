package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two bench servers with {@code --duplex.cluster.broker=redis} share {@code /broadcast}: a message sent on one
 * reaches the clients of both. Runs against the Redis on 127.0.0.1:6379 (which {@code .ci/run} starts) under a
 * key prefix of its own.
 */
class BenchServerClusterTest {

  @Test
  void twoServersShareBroadcast() {
    assertThat(redisAnswers()).as("this test needs Redis on 127.0.0.1:6379 (.ci/run starts it)").isTrue();
    String prefix = "duplex-bench-test-" + UUID.randomUUID();
    try (ConfigurableApplicationContext a = start(prefix); ConfigurableApplicationContext b = start(prefix);
        DuplexTestClient onA = DuplexTestClient.connect(port(a), "/broadcast");
        DuplexTestClient onB = DuplexTestClient.connect(port(b), "/broadcast")) {
      awaitBothSubscribed(a, prefix + ":r:" + BroadcastEndpoint.ROOM);

      onA.sendText("from a");
      assertThat(onA.awaitText()).isEqualTo("from a");
      assertThat(onB.awaitText()).isEqualTo("from a");
      onB.sendText("from b");
      assertThat(onA.awaitText()).isEqualTo("from b");
      assertThat(onB.awaitText()).isEqualTo("from b");
      assertThat(onA.unconsumed()).isEmpty();
      assertThat(onB.unconsumed()).isEmpty();
    }
  }

  private static ConfigurableApplicationContext start(String prefix) {
    return new SpringApplicationBuilder(BenchServerApplication.class).web(WebApplicationType.NONE).run(
        "--duplex.server.port=0", "--duplex.cluster.broker=redis", "--spring.data.redis.host=127.0.0.1",
        "--duplex.cluster.redis.key-prefix=" + prefix);
  }

  /** Waits until both servers subscribed to the room's channel, which they do when their client joins. */
  private static void awaitBothSubscribed(ConfigurableApplicationContext context, String channel) {
    try (StatefulRedisConnection<String, String> redis = context.getBean(RedisClient.class).connect()) {
      await().atMost(Duration.ofSeconds(10))
          .until(() -> redis.sync().pubsubNumsub(channel).getOrDefault(channel, 0L) == 2);
    }
  }

  private static int port(ConfigurableApplicationContext context) {
    return context.getBean(DuplexServer.class).port();
  }

  private static boolean redisAnswers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
