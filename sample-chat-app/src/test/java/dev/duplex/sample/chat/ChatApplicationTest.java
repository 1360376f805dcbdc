package dev.duplex.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.WsClient;
import dev.duplex.spring.server.DuplexServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "duplex.server.port=0")
class ChatApplicationTest {

  @LocalServerPort
  int webPort;

  @Autowired
  DuplexServer socketServer;

  private final JsonMapper json = JsonMapper.builder().build();
  private final WsClient client = WsClient.builder().build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aMessageReachesEveryoneInTheRoomAndTheSenderGetsAConfirmation() throws Exception {
    Inbox alice = join("alice");
    Inbox bob = join("bob");
    bob.await("presence", node -> node.path("data").path("users").size() == 2);

    alice.session.sendText("{\"type\":\"chat.send\",\"id\":\"7\",\"data\":{\"text\":\"<b>hi</b>\"}}");

    assertThat(alice.await("chat.send", node -> true).path("replyTo").asString()).isEqualTo("7");
    JsonNode received = bob.await("chat.message", node -> true);
    assertThat(received.path("data").path("from").asString()).isEqualTo("alice");
    assertThat(received.path("data").path("text").asString()).isEqualTo("<b>hi</b>");
    assertThat(alice.await("chat.message", node -> true).path("data").path("text").asString()).isEqualTo("<b>hi</b>");
  }

  @Test
  void leavingUpdatesThePresenceOfTheOthers() throws Exception {
    Inbox alice = join("alice");
    Inbox bob = join("bob");
    bob.await("presence", node -> node.path("data").path("users").size() == 2);

    alice.session.close().toCompletableFuture().get(5, TimeUnit.SECONDS);

    JsonNode presence = bob.await("presence", node -> node.path("data").path("users").size() == 1
        && node.path("data").path("users").get(0).asString().equals("bob"));
    assertThat(presence).isNotNull();
  }

  @Test
  void badInputIsAnsweredWithAnErrorEnvelopeAndTheConnectionStaysOpen() throws Exception {
    Inbox alice = join("alice");

    alice.session.sendText("not json");
    assertThat(alice.await("error", node -> true).path("data").path("code").asString()).isEqualTo("bad_json");

    alice.session.sendText("{\"type\":\"chat.send\",\"data\":{\"text\":\"" + "x".repeat(501) + "\"}}");
    JsonNode tooLong = alice.await("error", node -> true);
    assertThat(tooLong.path("data").path("code").asString()).isEqualTo("validation_failed");
    assertThat(tooLong.path("data").path("details").get(0).path("field").asString()).isEqualTo("text");

    alice.session.sendText("{\"type\":\"nope\"}");
    assertThat(alice.await("error", node -> true).path("data").path("code").asString()).isEqualTo("unknown_type");
    assertThat(alice.session.isOpen()).isTrue();
  }

  @Test
  void anInvalidNameClosesTheSessionWithPolicyViolation() throws Exception {
    Inbox inbox = new Inbox();
    connect("<script>", inbox);

    CloseStatus status = inbox.closed.get(5, TimeUnit.SECONDS);
    assertThat(status.code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
    assertThat(status.reason()).startsWith("name must be");
  }

  @Test
  void thePageLearnsWhereTheSocketListens() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/api/socket")).build(),
        HttpResponse.BodyHandlers.ofString());

    JsonNode body = json.readTree(response.body());
    assertThat(body.path("port").asInt()).isEqualTo(socketServer.port());
    assertThat(body.path("path").asString()).isEqualTo("/chat");
  }

  private Inbox join(String name) throws Exception {
    Inbox inbox = new Inbox();
    inbox.session = connect(name, inbox);
    return inbox;
  }

  private WsSession connect(String name, Inbox inbox) throws Exception {
    String query = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
    return client.connect(URI.create("ws://127.0.0.1:" + socketServer.port() + "/chat?name=" + query), inbox)
        .get(5, TimeUnit.SECONDS);
  }

  /** Collects the envelopes a client receives. */
  private final class Inbox implements WsListener {

    private final BlockingQueue<JsonNode> envelopes = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private WsSession session;

    @Override
    public void onClose(WsSession s, CloseStatus status) {
      closed.complete(status);
    }

    @Override
    public void onText(WsSession s, String text) {
      envelopes.add(json.readTree(text));
    }

    /** The first envelope received of this type that matches; others stay for later awaits. */
    JsonNode await(String type, Predicate<JsonNode> matching) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (true) {
        for (Iterator<JsonNode> seen = received.iterator(); seen.hasNext(); ) {
          JsonNode candidate = seen.next();
          if (type.equals(candidate.path("type").asString()) && matching.test(candidate)) {
            seen.remove();
            return candidate;
          }
        }
        JsonNode next = envelopes.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(next).as("an envelope of type %s among %s", type, received).isNotNull();
        received.add(next);
      }
    }
  }
}
