package dev.duplex.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.spring.test.DuplexTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chat's REST sign-in and its socket protocol, with the Duplex test client (the browser tests drive the page). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"duplex.server.port=0", "management.server.port=0"})
class ChatApplicationTest {

  @LocalServerPort
  int webPort;

  @Value("${local.duplex.port}")
  int socketPort;

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<DuplexTestClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(DuplexTestClient::close);
  }

  @Test
  void demoUsersSignInWithTheirPasswordAndOtherNamesAsGuestsWithout() throws Exception {
    HttpResponse<String> alice = signIn("alice", "wonderland");
    assertThat(alice.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(alice.body());
    assertThat(body.path("user").asString()).isEqualTo("alice");
    assertThat(body.path("guest").asBoolean()).isFalse();
    assertThat(body.path("token").asString()).contains(".");
    assertThat(body.path("socket").path("port").asInt()).isEqualTo(socketPort);
    assertThat(body.path("socket").path("path").asString()).isEqualTo("/chat");

    assertThat(json.readTree(signIn("carol", "").body()).path("guest").asBoolean()).isTrue();
    assertThat(signIn("alice", "nope").statusCode()).isEqualTo(401);
    assertThat(signIn("alice", "").statusCode()).isEqualTo(401);
    assertThat(signIn("carol", "a password").statusCode()).isEqualTo(401);
    HttpResponse<String> badName = signIn("<script>", "");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(json.readTree(badName.body()).path("code").asString()).isEqualTo("bad_name");
  }

  @Test
  void theSocketNeedsAToken() {
    assertThatThrownBy(() -> DuplexTestClient.connect(socketPort, "/chat")).hasMessageContaining("401");
  }

  @Test
  void joiningARoomAnnouncesThePresenceAndReplaysTheHistory() throws Exception {
    DuplexTestClient alice = connect("alice", "wonderland");
    alice.request("room.create", Map.of("room", "history"));
    alice.request("room.join", Map.of("room", "history"));
    JsonNode sent = alice.request("chat.send", Map.of("room", "history", "text", "  <b>first</b>  "));
    assertThat(sent.path("data").path("id").asString()).isNotEmpty();

    DuplexTestClient bob = connect("bob", "builder");
    JsonNode joined = bob.request("room.join", Map.of("room", "history")).path("data");
    assertThat(joined.path("members").toString()).isEqualTo("[\"alice\",\"bob\"]");
    JsonNode replayed = joined.path("history").get(0);
    assertThat(replayed.path("text").asString()).isEqualTo("<b>first</b>");
    assertThat(replayed.path("from").asString()).isEqualTo("alice");
    assertThat(replayed.path("id").asString()).isEqualTo(sent.path("data").path("id").asString());
    assertThat(alice.awaitEnvelope("presence.joined").path("data").path("user").asString()).isEqualTo("bob");

    bob.request("chat.send", Map.of("room", "history", "text", "second"));
    JsonNode message = alice.awaitEnvelope("chat.message").path("data");
    assertThat(message.path("from").asString()).isEqualTo("bob");
    assertThat(message.path("room").asString()).isEqualTo("history");

    bob.close();
    JsonNode left = alice.awaitEnvelope("presence.left").path("data");
    assertThat(left.path("user").asString()).isEqualTo("bob");
  }

  @Test
  void typingGoesToTheOthersInTheRoomAndDirectMessagesToTheRecipient() throws Exception {
    DuplexTestClient alice = connect("alice", "wonderland");
    DuplexTestClient dave = connect("dave", "");
    alice.request("room.join", Map.of("room", "random"));
    dave.request("room.join", Map.of("room", "random"));

    dave.send("typing", Map.of("room", "random"));
    assertThat(alice.awaitEnvelope("typing").path("data").path("user").asString()).isEqualTo("dave");

    JsonNode sent = alice.request("dm.send", Map.of("to", "dave", "text", "psst"));
    assertThat(sent.path("type").asString()).isEqualTo("dm.send");
    JsonNode direct = dave.awaitEnvelope("dm.message").path("data");
    assertThat(direct.path("from").asString()).isEqualTo("alice");
    assertThat(direct.path("text").asString()).isEqualTo("psst");

    JsonNode offline = alice.request("dm.send", Map.of("to", "nobody-here", "text", "hello?"));
    assertThat(offline.path("data").path("code").asString()).isEqualTo("user_offline");
  }

  @Test
  void badRequestsGetAPreciseErrorAndTheSessionStaysOpen() throws Exception {
    DuplexTestClient erin = connect("erin", "");

    assertThat(errorCode(erin.request("chat.send", Map.of("room", "lobby", "text", "hi")))).isEqualTo("not_in_room");
    erin.request("room.join", Map.of("room", "lobby"));
    JsonNode tooLong = erin.request("chat.send", Map.of("room", "lobby", "text", "x".repeat(501)));
    assertThat(errorCode(tooLong)).isEqualTo("validation_failed");
    assertThat(tooLong.path("data").path("details").get(0).path("field").asString()).isEqualTo("text");
    assertThat(errorCode(erin.request("room.join", Map.of("room", "nowhere")))).isEqualTo("no_such_room");
    assertThat(errorCode(erin.request("room.create", Map.of("room", "Bad Name")))).isEqualTo("bad_room_name");
    assertThat(errorCode(erin.request("room.create", Map.of("room", "lobby")))).isEqualTo("room_exists");
    assertThat(erin.request("ping", Map.of()).path("type").asString()).isEqualTo("ping");
    assertThat(erin.isOpen()).isTrue();
  }

  private static String errorCode(JsonNode envelope) {
    assertThat(envelope.path("type").asString()).isEqualTo("error");
    return envelope.path("data").path("code").asString();
  }

  private DuplexTestClient connect(String name, String password) throws Exception {
    String token = json.readTree(signIn(name, password).body()).path("token").asString();
    DuplexTestClient client = DuplexTestClient.connect(
        URI.create("ws://127.0.0.1:" + socketPort + "/chat?access_token=" + token));
    clients.add(client);
    return client;
  }

  private HttpResponse<String> signIn(String name, String password) throws Exception {
    String body = json.writeValueAsString(Map.of("name", name, "password", password));
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/api/sign-in"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
