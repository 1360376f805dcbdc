package dev.duplex.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.cluster.ClusterBroker;
import dev.duplex.spring.cluster.ClusterMessenger;
import dev.duplex.spring.cluster.DuplexClusterNode;
import dev.duplex.spring.cluster.LocalClusterBroker;
import dev.duplex.spring.cluster.WsPresence;
import dev.duplex.spring.cluster.WsRoomHistory;
import dev.duplex.spring.messaging.WsMessenger;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class DuplexClusterAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexClusterAutoConfiguration.class, DuplexAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1");

  @Test
  void aSingleNodeUsesTheLocalBrokerUnderTheMessenger() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(WsMessenger.class).hasSingleBean(DuplexClusterNode.class)
          .hasSingleBean(WsRoomHistory.class).hasSingleBean(WsPresence.class);
      assertThat(context.getBean(ClusterBroker.class)).isInstanceOf(LocalClusterBroker.class);
      assertThat(context.getBean(WsMessenger.class)).isInstanceOf(ClusterMessenger.class);
      assertThat(context.getBean(WsRoomHistory.class).enabled()).isFalse();
      assertThat(context).doesNotHaveBean(RedisClient.class);
    });
  }

  @Test
  void historyIsSwitchedOnByProperty() {
    runner.withPropertyValues("duplex.cluster.history.enabled=true")
        .run(context -> assertThat(context.getBean(WsRoomHistory.class).enabled()).isTrue());
  }

  @Test
  void anUnknownBrokerFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.cluster.broker=zookeeper").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("zookeeper");
      assertThat(context.getStartupFailure())
          .hasStackTraceContaining("Failed to bind properties under 'duplex.cluster.broker'");
    });
  }

  @Test
  void aNodeTtlNoLongerThanTheHeartbeatFailsStartUpNamingBoth() {
    runner.withPropertyValues("duplex.cluster.presence.heartbeat-interval=5s", "duplex.cluster.presence.node-ttl=5s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("duplex.cluster.presence.node-ttl")
              .hasMessageContaining("duplex.cluster.presence.heartbeat-interval");
        });
  }

  @Test
  void aRedisBrokerWithoutLettuceFailsStartUpSayingWhatIsMissing() {
    runner.withPropertyValues("duplex.cluster.broker=redis")
        .withClassLoader(new FilteredClassLoader(RedisClient.class))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("duplex.cluster.broker=redis needs Lettuce");
        });
  }

  @Test
  void aRedisBrokerThatCannotConnectFailsStartUpNamingTheConnection() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    runner.withPropertyValues("duplex.cluster.broker=redis", "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=" + closedPort, "spring.data.redis.connect-timeout=1s").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().isInstanceOf(Exception.class);
          assertThat(context.getStartupFailure()).hasStackTraceContaining("cannot connect to Redis");
        });
  }

  @Test
  void anApplicationBrokerReplacesTheAutoConfiguredOne() {
    runner.withUserConfiguration(OwnBroker.class).run(context -> {
      assertThat(context).hasSingleBean(ClusterBroker.class);
      assertThat(context.getBean(ClusterBroker.class).nodeId()).isEqualTo("own");
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBroker {

    @Bean
    ClusterBroker ownBroker() {
      return new LocalClusterBroker("own", 10, Duration.ofMinutes(1), Clock.systemUTC());
    }
  }
}
