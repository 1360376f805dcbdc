package dev.duplex.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.QueryParam;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.DefaultDuplexSession;
import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.session.SessionRegistry;
import dev.duplex.spring.support.Json;
import dev.duplex.spring.support.RawWsClient;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

@SpringBootTest(properties = {"duplex.server.port=0", "duplex.server.address=127.0.0.1",
    "duplex.outbound.buffer-limit=" + MessengerTests.BUFFER_LIMIT + "B",
    "duplex.delivery.policies.typing=volatile",
    "duplex.delivery.policies.cursor=latest"})
class MessengerTests {

  static final int BUFFER_LIMIT = 64 * 1024;

  /** Delivery policies act once this much is queued for a session. */
  private static final int PRESSURE = BUFFER_LIMIT / 2;

  private static final String FILLER = "f".repeat(8 * 1024);

  @Autowired
  DuplexServer server;

  @Autowired
  WsMessenger messenger;

  @Autowired
  SessionRegistry registry;

  @Autowired
  DeliveryStats stats;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  private final Map<TestSession, String> serverIds = new HashMap<>();

  @BeforeEach
  void sessionsOfEarlierTestsAreGone() {
    await().atMost(Duration.ofSeconds(5)).until(() -> registry.size() == 0);
  }

  @Test
  void toSessionReachesOnlyThatSession() {
    TestSession ada = join("lobby", null);
    TestSession bob = join("lobby", null);

    assertThat(messenger.toSession(idOf(ada)).send("note", "for ada")).isEqualTo(1);
    assertThat(messenger.toSession("no-such-session").send("note", "lost")).isZero();
    messenger.toAll().send("marker", "end");

    assertMessage(ada.nextEnvelope(), "note", "for ada");
    assertMessage(bob.nextEnvelope(), "marker", "end");
  }

  @Test
  void toUserReachesEverySessionOfTheUser() {
    TestSession aliceOnPhone = join("lobby", "alice");
    TestSession aliceOnLaptop = join("kitchen", "alice");
    TestSession bob = join("lobby", "bob");

    assertThat(messenger.toUser("alice").send("dm", "hi alice")).isEqualTo(2);
    messenger.toAll().send("marker", "end");

    assertMessage(aliceOnPhone.nextEnvelope(), "dm", "hi alice");
    assertMessage(aliceOnLaptop.nextEnvelope(), "dm", "hi alice");
    assertMessage(bob.nextEnvelope(), "marker", "end");
  }

  @Test
  void toRoomReachesTheSessionsThatJoinedUntilTheyLeave() {
    TestSession ada = join("lobby", null);
    TestSession bob = join("lobby", null);
    TestSession cook = join("kitchen", null);
    cook.send("join", "j", "lobby");
    assertThat(rooms(cook.nextEnvelope())).containsExactly("kitchen", "lobby");

    assertThat(messenger.toRoom("lobby").send("news", 1)).isEqualTo(3);
    assertMessage(cook.nextEnvelope(), "news", "1");
    cook.send("leave", "l", "lobby");
    assertThat(rooms(cook.nextEnvelope())).containsExactly("kitchen");
    assertThat(messenger.toRoom("lobby").send("news", 2)).isEqualTo(2);
    messenger.toAll().send("marker", "end");

    assertMessage(ada.nextEnvelope(), "news", "1");
    assertMessage(ada.nextEnvelope(), "news", "2");
    assertMessage(bob.nextEnvelope(), "news", "1");
    assertMessage(bob.nextEnvelope(), "news", "2");
    assertMessage(cook.nextEnvelope(), "marker", "end");
  }

  @Test
  void toAllReachesEverySessionOfEveryEndpoint() throws Exception {
    TestSession ada = join("lobby", null);
    TestSession cook = join("kitchen", "cook");
    try (RawWsClient feed = RawWsClient.connect(server.port(), "/feed", 64 * 1024)) {
      await().until(() -> registry.size() == 3);

      assertThat(messenger.toAll().send("broadcast", "everyone")).isEqualTo(3);

      assertMessage(ada.nextEnvelope(), "broadcast", "everyone");
      assertMessage(cook.nextEnvelope(), "broadcast", "everyone");
      assertMessage(Json.parse(feed.readText()), "broadcast", "everyone");
    }
  }

  @Test
  void exceptLeavesOutTheSender() {
    TestSession ada = join("lobby", null);
    TestSession bob = join("lobby", null);
    TestSession cat = join("lobby", null);

    ada.send("say", "s", "hello");
    assertThat(ada.nextEnvelope().path("data").asInt()).as("recipients of the sender's message").isEqualTo(2);
    messenger.toAll().send("marker", "end");

    assertMessage(bob.nextEnvelope(), "said", "hello");
    assertMessage(cat.nextEnvelope(), "said", "hello");
    assertMessage(ada.nextEnvelope(), "marker", "end");
  }

  @Test
  void aClosedSessionLeavesItsRoomsAndItsUser() {
    TestSession ada = join("lobby", "ada");
    TestSession bob = join("lobby", "bob");
    ada.send("join", "j", "extra");
    ada.nextEnvelope();
    assertThat(registry.roomSizes()).isEqualTo(Map.of("extra", 1, "lobby", 2));

    ada.close(CloseStatus.NORMAL);
    await().until(() -> registry.roomSizes().equals(Map.of("lobby", 1)));
    assertThat(registry.user("ada")).isEmpty();
    assertThat(messenger.toUser("ada").send("dm", "gone")).isZero();
    assertThat(messenger.toRoom("extra").send("news", "gone")).isZero();

    bob.close(CloseStatus.NORMAL);
    await().until(() -> registry.roomSizes().isEmpty());
    assertThat(registry.size()).isZero();
  }

  // ---------------------------------------------------------------- delivery policies

  @Test
  void volatileMessagesAreDroppedForAClientThatDoesNotReadWhileReliableOnesAreKept() throws Exception {
    try (RawWsClient reader = RawWsClient.connect(server.port(), "/feed", 4096)) {
      DuplexSession feed = feedSession();
      long droppedBefore = stats.droppedOf("typing");
      messenger.toSession(feed.id()).send("typing", "early");
      int fills = stall(feed);

      for (int n = 0; n < 20; n++) {
        messenger.toSession(feed.id()).send("typing", n);
        messenger.toSession(feed.id()).send("chat", n);
      }
      assertThat(stats.droppedOf("typing") - droppedBefore).isEqualTo(20);

      List<String> received = new ArrayList<>();
      List<Integer> chats = new ArrayList<>();
      while (chats.size() < 20) {
        JsonNode message = Json.parse(reader.readText());
        String type = message.path("type").asString();
        received.add(type);
        if (type.equals("chat")) {
          chats.add(message.path("data").asInt());
        }
      }
      assertThat(received.get(0)).as("volatile without pressure goes through").isEqualTo("typing");
      assertThat(received.subList(1, received.size())).doesNotContain("typing");
      assertThat(received.stream().filter("fill"::equals).count()).isEqualTo(fills);
      assertThat(chats).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    }
  }

  @Test
  void latestMessagesKeepOnlyTheNewestPerKeyForAClientThatDoesNotRead() throws Exception {
    try (RawWsClient reader = RawWsClient.connect(server.port(), "/feed", 4096)) {
      DuplexSession feed = feedSession();
      long supersededBefore = stats.droppedOf("cursor");
      stall(feed);

      for (int n = 0; n < 10; n++) {
        messenger.toSession(feed.id()).send("cursor", "ada", Map.of("user", "ada", "n", n));
        messenger.toSession(feed.id()).send("cursor", "bob", Map.of("user", "bob", "n", n));
      }
      assertThat(stats.droppedOf("cursor") - supersededBefore).isEqualTo(18);
      assertThat(((DefaultDuplexSession) feed).outbox().pending()).isEqualTo(2);

      List<String> cursors = new ArrayList<>();
      while (cursors.size() < 2) {
        JsonNode message = Json.parse(reader.readText());
        if (message.path("type").asString().equals("cursor")) {
          cursors.add(message.path("data").path("user").asString() + "=" + message.path("data").path("n").asInt());
        }
      }
      messenger.toSession(feed.id()).send("marker", "end");
      JsonNode next;
      while (!(next = Json.parse(reader.readText())).path("type").asString().equals("marker")) {
        cursors.add(next.path("type").asString());
      }
      assertThat(cursors).containsExactlyInAnyOrder("ada=9", "bob=9");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Opens a session on {@code /chat/{room}} as {@code user} (anonymous when null) and waits for its welcome. */
  private TestSession join(String room, String user) {
    TestSession session = client.connect(server.port(), "/chat/" + room + (user == null ? "" : "?user=" + user));
    JsonNode welcome = session.nextEnvelope();
    assertThat(welcome.path("type").asString()).isEqualTo("welcome");
    serverIds.put(session, welcome.path("data").asString());
    return session;
  }

  /** The id the server gave the session, as its welcome message said. */
  private String idOf(TestSession session) {
    return serverIds.get(session);
  }

  private DuplexSession feedSession() {
    return await().until(() -> registry.sessions().stream().filter(s -> s.endpoint().equals("/feed")).findFirst()
        .orElse(null), session -> session != null);
  }

  /**
   * Sends reliable filler to a session whose client does not read until the kernel's socket buffers are full and
   * more than half the outbound buffer stays queued; returns how many fillers were sent. Never queues more than
   * {@link #PRESSURE} plus one filler, so that reliable messages still fit under the limit.
   */
  private int stall(DuplexSession feed) {
    int[] fills = {0};
    await("the outbound buffer of the session stays above half its limit")
        .pollInterval(Duration.ofMillis(5)).during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20))
        .until(() -> {
          long buffered = feed.bufferedAmount();
          if (buffered >= PRESSURE) {
            return true;
          }
          for (long missing = PRESSURE - buffered; missing > 0; missing -= FILLER.length()) {
            messenger.toSession(feed.id()).send("fill", FILLER);
            fills[0]++;
          }
          return false;
        });
    return fills[0];
  }

  private static void assertMessage(JsonNode envelope, String type, String data) {
    assertThat(envelope.path("type").asString()).isEqualTo(type);
    assertThat(envelope.has("replyTo")).isFalse();
    assertThat(envelope.path("data").asString()).isEqualTo(data);
  }

  private static Set<String> rooms(JsonNode reply) {
    Set<String> rooms = new TreeSet<>();
    reply.path("data").forEach(room -> rooms.add(room.asString()));
    return rooms;
  }

  // ---------------------------------------------------------------- application

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Chat.class, Feed.class})
  static class App {
  }

  @WsEndpoint("/chat/{room}")
  static class Chat {

    private final WsMessenger messenger;

    Chat(WsMessenger messenger) {
      this.messenger = messenger;
    }

    @WsOpen
    void open(DuplexSession session, @PathVar String room, @QueryParam(required = false) String user) {
      if (user != null) {
        Principal principal = () -> user;
        session.setPrincipal(principal);
      }
      session.join(room);
      session.send("welcome", session.id());
    }

    @WsHandler("join")
    Set<String> join(DuplexSession session, @Payload String room) {
      session.join(room);
      return session.rooms();
    }

    @WsHandler("leave")
    Set<String> leave(DuplexSession session, @Payload String room) {
      session.leave(room);
      return session.rooms();
    }

    @WsHandler("say")
    int say(DuplexSession session, @PathVar String room, @Payload String text) {
      return messenger.toRoom(room).except(session.id()).send("said", text);
    }
  }

  /** Only receives what the messenger sends. */
  @WsEndpoint("/feed")
  static class Feed {
  }
}
