package dev.duplex.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The in-memory broker offers history, resume and presence within one node. */
class LocalClusterTests {

  static ConfigurableApplicationContext node;
  static ConfigurableApplicationContext withoutHistory;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @BeforeAll
  static void start() {
    node = ClusterApp.localNode("duplex.cluster.history.enabled=true", "duplex.cluster.history.max-length=3",
        "duplex.cluster.presence.events=true");
    withoutHistory = ClusterApp.localNode();
  }

  @AfterAll
  static void stop() {
    node.close();
    withoutHistory.close();
  }

  @Test
  void aClientResumesWhatItMissedOrIsToldTheSizeOfTheGap() {
    TestSession writer = join(node, "notes", "w", false);
    for (String text : List.of("n1", "n2", "n3", "n4", "n5")) {
      writer.send("say", null, new ClusterApp.Text(text));
    }
    for (int offset = 1; offset <= 5; offset++) {
      assertThat(next(writer, "said").path("offset").asLong()).isEqualTo(offset);
    }

    TestSession recent = join(node, "notes", "r", true);
    recent.send("room.resume", "a", new ClusterApp.Resume("notes", 3));
    assertThat(recent.nextEnvelope().path("data").asString()).isEqualTo("n4");
    assertThat(recent.nextEnvelope().path("data").asString()).isEqualTo("n5");
    JsonNode recovered = next(recent, "room.resume").path("data");
    assertThat(recovered.path("recovered").asBoolean()).isTrue();
    assertThat(recovered.path("replayed").asInt()).isEqualTo(2);

    TestSession late = join(node, "notes", "l", true);
    late.send("room.resume", "b", new ClusterApp.Resume("notes", 1));
    JsonNode gap = next(late, "room.resume").path("data");
    assertThat(gap.path("recovered").asBoolean()).isFalse();
    assertThat(gap.path("reason").asString()).isEqualTo(ResumeResult.TOO_OLD);
    assertThat(gap.path("missed").asLong()).isEqualTo(4);
    assertThat(gap.path("replayed").asInt()).isZero();
    assertThat(gap.path("offset").asLong()).isEqualTo(5);
  }

  @Test
  void presenceAndItsEventsWorkOnOneNode() {
    TestSession ada = join(node, "den", "ada", false);
    join(node, "den", "bob", false);

    JsonNode joined;
    do {
      joined = next(ada, "presence.join");
    } while (!"bob".equals(joined.path("data").path("user").asString()));
    ada.send("who", "w", null);
    JsonNode who = next(ada, "who").path("data");
    assertThat(who.path("sessions").asInt()).isEqualTo(2);
    assertThat(who.path("users").path("bob").asInt()).isEqualTo(1);
  }

  @Test
  void resumeWithoutHistoryIsAnErrorThatNamesTheProperty() {
    TestSession session = join(withoutHistory, "any", "x", true);

    session.send("room.resume", "c", new ClusterApp.Resume("any", 0));

    JsonNode error = next(session, "error");
    assertThat(error.path("replyTo").asString()).isEqualTo("c");
    assertThat(error.path("data").path("code").asString()).isEqualTo("history_disabled");
    assertThat(error.path("data").path("message").asString()).contains("duplex.cluster.history.enabled");
  }

  @Test
  void roomEnvelopesWithoutHistoryCarryNoOffset() {
    TestSession session = join(withoutHistory, "plain", "p", false);

    session.send("say", null, new ClusterApp.Text("hi"));

    JsonNode said = next(session, "said");
    assertThat(said.has("offset")).isFalse();
    assertThat(said.has("room")).isFalse();
    assertThat(said.path("data").asString()).isEqualTo("hi");
  }

  private static JsonNode next(TestSession session, String type) {
    while (true) {
      JsonNode envelope = session.nextEnvelope();
      if (envelope.path("type").asString().equals(type)) {
        return envelope;
      }
    }
  }

  private TestSession join(ConfigurableApplicationContext on, String room, String user, boolean resume) {
    TestSession session = client.connect(ClusterApp.port(on), "/chat/" + room + "?user=" + user
        + (resume ? "&resume=true" : ""));
    next(session, "welcome");
    return session;
  }
}
