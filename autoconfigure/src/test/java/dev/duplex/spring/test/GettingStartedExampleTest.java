package dev.duplex.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.session.DuplexSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** The endpoint and test of docs/getting-started.md, kept here so that the page stays true. */
@SpringBootTest(properties = "duplex.server.port=0")
class GettingStartedExampleTest {

  @SpringBootApplication
  @Import(ChatEndpoint.class)
  static class App {
  }

  record SendText(@NotBlank String text) {
  }

  record ChatMessage(String room, String text) {
  }

  record Sent(Instant at) {
  }

  @WsEndpoint("/chat/{room}")
  static class ChatEndpoint {

    private final WsMessenger messenger;

    ChatEndpoint(WsMessenger messenger) {
      this.messenger = messenger;
    }

    @WsOpen
    void open(DuplexSession session, @PathVar String room) {
      session.join(room);
    }

    @WsHandler("chat.send")
    Sent send(@Valid SendText command, @PathVar String room, DuplexSession session) {
      messenger.toRoom(room).except(session.id()).send("chat.message", new ChatMessage(room, command.text()));
      return new Sent(Instant.now());
    }
  }

  @Value("${local.duplex.port}")
  int port;

  @Test
  void repliesToTheSenderAndTellsTheRoom() {
    try (DuplexTestClient bob = DuplexTestClient.connect(port, "/chat/lobby")) {
      bob.request("chat.send", Map.of("text", "hello")); // answered, so Bob's @WsOpen has run: he is in the room
      try (DuplexTestClient alice = DuplexTestClient.connect(port, "/chat/lobby")) {
        JsonNode reply = alice.request("chat.send", Map.of("text", "hi"));
        assertThat(reply.path("type").asString()).isEqualTo("chat.send");
        assertThat(reply.at("/data/at").isMissingNode()).isFalse();
        assertThat(bob.awaitEnvelope("chat.message").at("/data/text").asString()).isEqualTo("hi");

        JsonNode error = alice.request("chat.send", Map.of("text", ""));
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.at("/data/code").asString()).isEqualTo("validation_failed");
        assertThat(error.at("/data/details/0/field").asString()).isEqualTo("text");
      }
    }
  }
}
