package dev.duplex.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Three nodes on one Redis: room, user and global messages reach every node once, in order. */
class RedisClusterMessagingTests {

  @AutoClose
  static TestCluster cluster;
  static ConfigurableApplicationContext a;
  static ConfigurableApplicationContext b;
  static ConfigurableApplicationContext c;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.of(3);
    a = cluster.node(0);
    b = cluster.node(1);
    c = cluster.node(2);
  }

  @Test
  void aRoomMessageReachesTheRoomOnEveryNodeOnce() {
    TestSession onA = join(a, "lobby", "ada");
    TestSession onB = join(b, "lobby", "bob");
    TestSession onC = join(c, "lobby", "cy");
    TestSession elsewhere = join(b, "kitchen", "cook");
    ClusterApp.awaitSubscribers(a, Target.room("lobby"), 3);

    onA.send("say", null, new ClusterApp.Text("hello"));
    onA.send("say", null, new ClusterApp.Text("again"));

    for (TestSession member : new TestSession[] {onA, onB, onC}) {
      assertThat(member.nextEnvelope().path("data").asString()).isEqualTo("hello");
      assertThat(member.nextEnvelope().path("data").asString()).isEqualTo("again");
    }
    elsewhere.send("say", null, new ClusterApp.Text("kitchen only"));
    assertThat(elsewhere.nextEnvelope().path("data").asString()).isEqualTo("kitchen only");
    assertThat(onB.pendingTexts()).isZero();
    assertThat(onA.pendingTexts()).isZero();
  }

  @Test
  void messagesOfOneNodeToOneRoomArriveInPublishOrder() {
    TestSession sender = join(a, "ordered", "ada");
    TestSession receiver = join(b, "ordered", "bob");
    ClusterApp.awaitSubscribers(a, Target.room("ordered"), 2);

    sender.send("burst", null, new ClusterApp.Burst(500));

    for (int i = 0; i < 500; i++) {
      JsonNode message = receiver.nextEnvelope();
      assertThat(message.path("type").asString()).isEqualTo("seq");
      assertThat(message.path("data").asInt()).isEqualTo(i);
    }
  }

  @Test
  void aUserMessageReachesEverySessionOfTheUserOnEveryNode() {
    TestSession sender = join(a, "dm-room", "ada");
    TestSession phone = join(b, "other", "bea");
    TestSession laptop = join(c, "another", "bea");
    ClusterApp.awaitSubscribers(a, Target.user("bea"), 2);

    sender.send("dm", null, new ClusterApp.Direct("bea", "psst"));

    assertThat(phone.nextEnvelope().path("data").asString()).isEqualTo("psst");
    assertThat(laptop.nextEnvelope().path("data").asString()).isEqualTo("psst");
    sender.send("dm", null, new ClusterApp.Direct("bea", "second"));
    assertThat(phone.nextEnvelope().path("data").asString()).isEqualTo("second");
    assertThat(sender.pendingTexts()).isZero();
  }

  @Test
  void aGlobalMessageReachesEverySessionOfEveryNode() {
    TestSession onA = join(a, "g1", null);
    TestSession onB = join(b, "g2", null);
    TestSession onC = join(c, "g3", null);

    onC.send("shout", null, new ClusterApp.Text("everyone"));

    for (TestSession session : new TestSession[] {onA, onB, onC}) {
      JsonNode message = session.nextEnvelope();
      assertThat(message.path("type").asString()).isEqualTo("shout");
      assertThat(message.path("data").asString()).isEqualTo("everyone");
    }
  }

  @Test
  void exceptLeavesOutASessionOfTheSendingNodeOnly() {
    TestSession onA = join(a, "except", "ada");
    TestSession onB = client.connect(ClusterApp.port(b), "/chat/except?user=bob");
    String idOnB = onB.nextEnvelope().path("data").asString();
    ClusterApp.awaitSubscribers(a, Target.room("except"), 2);

    a.getBean(WsMessenger.class).toRoom("except").except(idOnB).send("note", "n");

    assertThat(onA.nextEnvelope().path("data").asString()).isEqualTo("n");
    assertThat(onB.nextEnvelope().path("data").asString()).as("B's session is not A's session of that id")
        .isEqualTo("n");
  }

  @Test
  void aNodeSubscribesToARoomOnlyWhileALocalSessionIsInIt() {
    DuplexClusterNode node = c.getBean(DuplexClusterNode.class);
    int before = node.subscriptions();
    TestSession session = join(c, "brief", null);
    await().until(() -> node.subscriptions() == before + 1);

    session.close(CloseStatus.NORMAL);

    await().until(() -> node.subscriptions() == before);
  }

  private TestSession join(ConfigurableApplicationContext node, String room, String user) {
    TestSession session = client.connect(ClusterApp.port(node), "/chat/" + room + (user == null ? "" : "?user="
        + user));
    assertThat(session.nextEnvelope().path("type").asString()).isEqualTo("welcome");
    return session;
  }
}
