package dev.duplex.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.session.SessionRegistry;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Room history on Redis Streams: a client that reconnects to another node resumes exactly what it missed. */
class RedisClusterHistoryTests {

  @AutoClose
  static TestCluster cluster;
  static ConfigurableApplicationContext a;
  static ConfigurableApplicationContext b;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.of(2, "duplex.cluster.history.enabled=true");
    a = cluster.node(0);
    b = cluster.node(1);
  }

  @Test
  void aClientThatReconnectsToAnotherNodeReceivesExactlyWhatItMissed() {
    TestSession editor = join(a, "news", "ed", false);
    TestSession reader = join(b, "news", "rea", false);
    ClusterApp.awaitSubscribers(a, Target.room("news"), 2);
    for (String text : List.of("m1", "m2", "m3")) {
      editor.send("say", null, new ClusterApp.Text(text));
    }
    long last = 0;
    for (String text : List.of("m1", "m2", "m3")) {
      JsonNode message = next(reader, "said");
      assertThat(message.path("data").asString()).isEqualTo(text);
      assertThat(message.path("room").asString()).isEqualTo("news");
      assertThat(message.path("offset").asLong()).isGreaterThan(last);
      assertThat(message.has("recovered")).isFalse();
      last = message.path("offset").asLong();
    }
    reader.close(CloseStatus.NORMAL);
    await().until(() -> b.getBean(SessionRegistry.class).size() == 0);
    for (String text : List.of("m4", "m5", "m6")) {
      editor.send("say", null, new ClusterApp.Text(text));
    }
    // the editor's own copies carry offsets, so m6's means m4 to m6 are in the history (earlier ones may be queued)
    JsonNode echoed;
    do {
      echoed = next(editor, "said");
    } while (!echoed.path("data").asString().equals("m6"));

    TestSession back = join(a, "news", "rea", true);
    back.send("room.resume", "r1", new ClusterApp.Resume("news", last));

    for (String text : List.of("m4", "m5", "m6")) {
      JsonNode message = back.nextEnvelope();
      assertThat(message.path("type").asString()).isEqualTo("said");
      assertThat(message.path("data").asString()).isEqualTo(text);
      assertThat(message.path("offset").asLong()).isEqualTo(++last);
      assertThat(message.path("recovered").asBoolean()).isTrue();
    }
    JsonNode answer = back.nextEnvelope();
    assertThat(answer.path("replyTo").asString()).isEqualTo("r1");
    assertThat(answer.path("data").path("recovered").asBoolean()).isTrue();
    assertThat(answer.path("data").path("missed").asLong()).isEqualTo(3);
    assertThat(answer.path("data").path("replayed").asInt()).isEqualTo(3);
    assertThat(answer.path("data").path("offset").asLong()).isEqualTo(last);
    editor.send("say", null, new ClusterApp.Text("m7"));
    JsonNode live = back.nextEnvelope();
    assertThat(live.path("data").asString()).isEqualTo("m7");
    assertThat(live.path("offset").asLong()).isEqualTo(last + 1);
    assertThat(live.has("recovered")).isFalse();
  }

  @Test
  void aResumeDuringABurstDeliversEveryMessageOnceAndInOrder() {
    TestSession sender = join(a, "stream", "ed", false);
    TestSession resumer = join(b, "stream", "rea", true);

    sender.send("burst", null, new ClusterApp.Burst(300));
    resumer.send("room.resume", "r", new ClusterApp.Resume("stream", 0));

    List<Integer> values = new ArrayList<>();
    long offset = 0;
    boolean answered = false;
    while (values.size() < 300 || !answered) {
      JsonNode message = resumer.nextEnvelope();
      if ("r".equals(message.path("replyTo").asString())) {
        assertThat(message.path("data").path("recovered").asBoolean()).isTrue();
        answered = true;
        continue;
      }
      assertThat(message.path("offset").asLong()).isEqualTo(offset + 1);
      offset = message.path("offset").asLong();
      values.add(message.path("data").asInt());
    }
    assertThat(values).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 300).boxed().toList());
  }

  @Test
  void anOffsetAheadOfTheRoomGetsAPreciseAnswer() {
    TestSession session = join(a, "quiet", "q", true);

    session.send("room.resume", "r", new ClusterApp.Resume("quiet", 42));

    JsonNode answer = next(session, "room.resume");
    assertThat(answer.path("data").path("recovered").asBoolean()).isFalse();
    assertThat(answer.path("data").path("reason").asString()).isEqualTo(ResumeResult.UNKNOWN_OFFSET);
    assertThat(answer.path("data").path("offset").asLong()).isZero();
  }

  private static JsonNode next(TestSession session, String type) {
    while (true) {
      JsonNode envelope = session.nextEnvelope();
      if (envelope.path("type").asString().equals(type)) {
        return envelope;
      }
    }
  }

  private TestSession join(ConfigurableApplicationContext node, String room, String user, boolean resume) {
    TestSession session = client.connect(ClusterApp.port(node), "/chat/" + room + "?user=" + user
        + (resume ? "&resume=true" : ""));
    next(session, "welcome");
    return session;
  }
}
