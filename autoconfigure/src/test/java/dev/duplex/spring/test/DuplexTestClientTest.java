package dev.duplex.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsHandshakeException;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.session.DuplexSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

@SpringBootTest(properties = "duplex.server.port=0")
class DuplexTestClientTest {

  @SpringBootApplication
  @Import({Api.class, Raw.class})
  static class App {
  }

  record Note(String text) {
  }

  @WsEndpoint("/api")
  static class Api {

    @WsOpen
    void open(DuplexSession session) {
      session.send("welcome", Map.of("session", session.id()));
    }

    @WsHandler("echo")
    Note echo(@Payload Note note) {
      return note;
    }

    @WsHandler("fail")
    Note fail(@Payload Note note) {
      throw new WsException("refused", "refused: " + note.text());
    }

    @WsHandler("burst")
    void burst(DuplexSession session) {
      session.send("first", new Note("1"));
      session.send("second", new Note("2"));
      session.send("third", new Note("3"));
    }

    @WsHandler("bye")
    void bye(DuplexSession session) {
      session.close(CloseStatus.of(4000, "bye"));
    }
  }

  @WsEndpoint("/raw")
  static class Raw {

    @WsHandler
    String shout(String text) {
      return text.toUpperCase();
    }

    @WsHandler
    byte[] reverse(byte[] data) {
      byte[] reversed = new byte[data.length];
      for (int i = 0; i < data.length; i++) {
        reversed[i] = data[data.length - 1 - i];
      }
      return reversed;
    }
  }

  @Value("${local.duplex.port}")
  int port;

  @Test
  void requestReturnsTheReplyThatNamesItsIdAndKeepsEarlierMessages() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/api")) {
      JsonNode reply = client.request("echo", new Note("hi"));
      assertThat(reply.path("type").asString()).isEqualTo("echo");
      assertThat(reply.path("replyTo").asString()).isEqualTo("1");
      assertThat(reply.at("/data/text").asString()).isEqualTo("hi");
      assertThat(client.request("echo", new Note("again")).path("replyTo").asString()).isEqualTo("2");
      assertThat(client.awaitEnvelope("welcome").at("/data/session").asString()).isNotEmpty();
    }
  }

  @Test
  void requestReturnsTheErrorThatAnswersIt() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/api")) {
      JsonNode error = client.request("fail", new Note("x"));
      assertThat(error.path("type").asString()).isEqualTo("error");
      assertThat(error.at("/data/code").asString()).isEqualTo("refused");
      assertThat(error.at("/data/message").asString()).isEqualTo("refused: x");
      assertThat(client.request("nope", null).at("/data/code").asString()).isEqualTo("unknown_type");
      assertThat(client.isOpen()).isTrue();
    }
  }

  @Test
  void sendCarriesNoIdSoTheReplyHasNoReplyTo() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/api")) {
      client.send("echo", Map.of("text", "fire and forget"));
      JsonNode reply = client.awaitEnvelope("echo");
      assertThat(reply.has("replyTo")).isFalse();
      assertThat(reply.at("/data/text").asString()).isEqualTo("fire and forget");
    }
  }

  @Test
  void awaitEnvelopeTakesTheFirstOfItsTypeAndKeepsTheOthersForLaterAwaits() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/api")) {
      client.send("burst", null);
      assertThat(client.awaitEnvelope("third").at("/data/text").asString()).isEqualTo("3");
      assertThat(client.awaitEnvelope("first").at("/data/text").asString()).isEqualTo("1");
      assertThat(client.awaitText()).startsWith("{\"type\":\"welcome\"");
      assertThat(client.awaitText()).isEqualTo("{\"type\":\"second\",\"data\":{\"text\":\"2\"}}");
      assertThat(client.unconsumed()).isEmpty();
    }
  }

  @Test
  void awaitTextAndAwaitBinaryReturnRawMessages() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/raw")) {
      client.sendBinary(new byte[] {1, 2, 3});
      client.sendText("hello");
      assertThat(client.awaitText()).isEqualTo("HELLO");
      assertThat(client.awaitBinary()).containsExactly(3, 2, 1);
    }
  }

  @Test
  void awaitCloseReturnsTheStatusTheServerClosedWith() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/api")) {
      client.send("bye", null);
      assertThat(client.awaitClose()).isEqualTo(CloseStatus.of(4000, "bye"));
      assertThat(client.isOpen()).isFalse();
    }
  }

  @Test
  void awaitAfterTheSessionClosedFailsAtOnceSayingSo() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/api")) {
      client.send("bye", null);
      client.awaitClose();
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.awaitEnvelope("never"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("an envelope of type 'never'")
          .hasMessageContaining("the session closed first")
          .hasMessageContaining("session closed with 4000 bye");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DuplexTestClient.DEFAULT_TIMEOUT);
      assertThatThrownBy(() -> client.send("echo", new Note("late"))).isInstanceOf(AssertionError.class)
          .hasMessageContaining("failed");
    }
  }

  @Test
  void timeoutFailsWithWhatArrived() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/api").withTimeout(Duration.ofMillis(300))) {
      client.send("burst", null);
      client.awaitEnvelope("third");
      assertThatThrownBy(() -> client.awaitEnvelope("never"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected an envelope of type 'never'")
          .hasMessageContaining("within PT0.3S")
          .hasMessageContaining("received and not taken (3)")
          .hasMessageContaining("{\"type\":\"welcome\"")
          .hasMessageContaining("{\"type\":\"second\",\"data\":{\"text\":\"2\"}}")
          .hasMessageContaining("taken before: 1")
          .hasMessageContaining("session open");
      assertThatThrownBy(client::awaitClose).isInstanceOf(AssertionError.class)
          .hasMessageContaining("did not close within PT0.3S");
    }
  }

  @Test
  void refusedHandshakeKeepsTheHttpStatus() {
    assertThatThrownBy(() -> DuplexTestClient.connect(port, "/nowhere"))
        .isInstanceOfSatisfying(WsHandshakeException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
