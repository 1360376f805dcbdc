package dev.duplex.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.spring.actuate.ClusterBrokerHealthIndicator;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Redis stops and starts again mid-test: sessions stay up, local delivery goes on, publishes during the outage
 * are counted as failed, health is down, and afterwards the nodes re-subscribe and write presence back by
 * themselves.
 */
class RedisClusterOutageTests {

  @AutoClose
  static TestCluster cluster;
  static ConfigurableApplicationContext a;
  static ConfigurableApplicationContext b;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.of(2, "duplex.cluster.presence.heartbeat-interval=200ms");
    a = cluster.node(0);
    b = cluster.node(1);
  }

  @Test
  void deliveryResumesAfterRedisRestartsAndNothingIsSilentlyLost() {
    TestSession ada = join(a, "lobby", "ada");
    TestSession bob = join(b, "lobby", "bob");
    ClusterApp.awaitSubscribers(a, Target.room("lobby"), 2);
    ada.send("say", null, new ClusterApp.Text("before"));
    assertThat(said(bob)).isEqualTo("before");
    assertThat(said(ada)).isEqualTo("before");
    ClusterBroker brokerA = a.getBean(ClusterBroker.class);
    BrokerStats statsA = a.getBean(BrokerStats.class);
    ClusterBrokerHealthIndicator health = new ClusterBrokerHealthIndicator(brokerA);

    cluster.redis().stop();

    await().until(() -> !brokerA.isConnected());
    assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
    long failed = statsA.publishFailures();
    ada.send("say", null, new ClusterApp.Text("during"));
    assertThat(said(ada)).isEqualTo("during");
    await().until(() -> statsA.publishFailures() == failed + 1);

    cluster.redis().restart();

    await().atMost(Duration.ofSeconds(20)).until(() -> brokerA.isConnected()
        && b.getBean(ClusterBroker.class).isConnected());
    assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
    ClusterApp.awaitSubscribers(a, Target.room("lobby"), 2);
    ada.send("say", null, new ClusterApp.Text("after"));
    assertThat(said(bob)).as("the message sent during the outage never arrives late").isEqualTo("after");
    assertThat(said(ada)).isEqualTo("after");
    assertThat(ada.isClosed()).isFalse();
    assertThat(bob.isClosed()).isFalse();
  }

  @Test
  void presenceIsWrittenBackAfterRedisLostItsData() {
    join(a, "porch", "ada");
    TestSession bob = join(b, "porch", "bob");
    awaitUsers(bob, 2);

    cluster.redis().stop();
    await().until(() -> !a.getBean(ClusterBroker.class).isConnected());
    cluster.redis().restart();

    awaitUsers(bob, 2);
  }

  private static void awaitUsers(TestSession session, int users) {
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
      session.send("who", "w", null);
      JsonNode who = next(session, "who");
      assertThat(who.path("data").path("users").size()).isEqualTo(users);
    });
  }

  private static String said(TestSession session) {
    return next(session, "said").path("data").asString();
  }

  private static JsonNode next(TestSession session, String type) {
    while (true) {
      JsonNode envelope = session.nextEnvelope();
      if (envelope.path("type").asString().equals(type)) {
        return envelope;
      }
    }
  }

  private TestSession join(ConfigurableApplicationContext node, String room, String user) {
    TestSession session = client.connect(ClusterApp.port(node), "/chat/" + room + "?user=" + user);
    next(session, "welcome");
    return session;
  }
}
