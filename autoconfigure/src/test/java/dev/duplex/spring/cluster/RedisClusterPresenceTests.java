package dev.duplex.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Presence across nodes with join and leave events, and a node that dies without shutting down: its sessions
 * leave presence, with leave events, within node-ttl plus heartbeat-interval.
 */
class RedisClusterPresenceTests {

  static final Duration HEARTBEAT = Duration.ofMillis(200);
  static final Duration NODE_TTL = Duration.ofSeconds(1);

  @AutoClose
  static TestCluster cluster;
  static ConfigurableApplicationContext a;
  static ConfigurableApplicationContext b;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  private final Map<TestSession, List<JsonNode>> passedOver = new HashMap<>();

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.of(2, nodeProperties());
    a = cluster.node(0);
    b = cluster.node(1);
  }

  static String[] nodeProperties() {
    return new String[] {"duplex.cluster.presence.events=true",
        "duplex.cluster.presence.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms",
        "duplex.cluster.presence.node-ttl=" + NODE_TTL.toMillis() + "ms"};
  }

  @Test
  void roomMembersOnEveryNodeHearOfJoinsAndLeaves() {
    TestSession ada = join(a, "lobby", "ada");
    assertPresence(next(ada, "presence.join"), "ada", 1);

    TestSession bob = join(b, "lobby", "bob");

    assertPresence(next(ada, "presence.join"), "bob", 1);
    assertPresence(next(bob, "presence.join"), "bob", 1);
    TestSession bobAgain = join(a, "lobby", "bob");
    assertPresence(next(ada, "presence.join"), "bob", 2);

    bob.close(CloseStatus.NORMAL);

    assertPresence(next(ada, "presence.leave"), "bob", 1);
    bobAgain.close(CloseStatus.NORMAL);
    assertPresence(next(ada, "presence.leave"), "bob", 0);
  }

  @Test
  void whoIsInARoomCountsUsersAndSessionsOfEveryNode() {
    TestSession ada = join(a, "kitchen", "ada");
    join(b, "kitchen", "cook");
    join(b, "kitchen", "cook");
    join(a, "kitchen", null);

    await().untilAsserted(() -> {
      ada.send("who", "w", null);
      JsonNode who = next(ada, "who");
      assertThat(who.path("data").path("sessions").asInt()).isEqualTo(4);
      assertThat(who.path("data").path("users").path("cook").asInt()).isEqualTo(2);
      assertThat(who.path("data").path("users").path("ada").asInt()).isEqualTo(1);
    });
    // Each heartbeat round refreshes the list of live nodes.
    await().until(() -> a.getBean(WsPresence.class).nodes().size() == 2);
  }

  @Test
  void theSessionsOfANodeThatDiesLeavePresenceWithinTheBound() {
    ConfigurableApplicationContext doomed = cluster.addNode(nodeProperties());
    try {
      TestSession ada = join(a, "porch", "ada");
      join(doomed, "porch", "carl");
      JsonNode joined;
      do {
        joined = next(ada, "presence.join");
      } while (!"carl".equals(joined.path("data").path("user").asString()));

      // Dies without shutting down: it stops reaching Redis, so it neither renews its heartbeat nor cleans up.
      doomed.getBean(RedisClient.class).shutdown(Duration.ZERO, Duration.ZERO);
      long diedAt = System.nanoTime();

      JsonNode left = next(ada, "presence.leave");
      Duration took = Duration.ofNanos(System.nanoTime() - diedAt);
      assertPresence(left, "carl", 0);
      assertThat(left.path("data").path("node").asString())
          .isEqualTo(doomed.getBean(ClusterBroker.class).nodeId());
      assertThat(took).isLessThan(NODE_TTL.plus(HEARTBEAT).plus(Duration.ofSeconds(3)));
      ada.send("who", "w", null);
      JsonNode who = next(ada, "who");
      assertThat(who.path("data").path("users").has("carl")).isFalse();
      await().until(() -> a.getBean(WsPresence.class).nodes().size() == 2);
    } finally {
      doomed.close();
    }
  }

  private static void assertPresence(JsonNode event, String user, int userSessions) {
    assertThat(event.path("data").path("user").asString()).isEqualTo(user);
    assertThat(event.path("data").path("userSessions").asInt()).isEqualTo(userSessions);
  }

  /**
   * The next envelope of {@code type}, or the reply to a request of that type, taking first those passed over
   * earlier: a presence event may arrive before the {@code welcome} the test waits for.
   */
  private JsonNode next(TestSession session, String type) {
    List<JsonNode> skipped = passedOver.computeIfAbsent(session, s -> new ArrayList<>());
    for (JsonNode envelope : skipped) {
      if (envelope.path("type").asString().equals(type)) {
        skipped.remove(envelope);
        return envelope;
      }
    }
    while (true) {
      JsonNode envelope = session.nextEnvelope();
      if (envelope.path("type").asString().equals(type)) {
        return envelope;
      }
      skipped.add(envelope);
    }
  }

  private TestSession join(ConfigurableApplicationContext node, String room, String user) {
    TestSession session = client.connect(ClusterApp.port(node), "/chat/" + room + (user == null ? "" : "?user="
        + user));
    next(session, "welcome");
    return session;
  }
}
