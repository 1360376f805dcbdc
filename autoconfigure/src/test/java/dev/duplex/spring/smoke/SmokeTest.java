package dev.duplex.spring.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.WsClient;
import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.DuplexSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

@SpringBootTest(properties = "duplex.server.port=0")
class SmokeTest {

  @SpringBootApplication
  @Import(Chat.class)
  static class App {
  }

  record SendText(@NotBlank String text) { }

  record Echoed(String room, String text) { }

  @WsEndpoint("/chat/{room}")
  static class Chat {
    @WsOpen
    void open(DuplexSession session, @PathVar String room) {
      session.join(room);
    }

    @WsHandler("chat.send")
    Echoed send(@Payload @Valid SendText cmd, @PathVar String room) {
      return new Echoed(room, cmd.text());
    }
  }

  @Autowired
  DuplexServer server;

  @Test
  void routesAndReplies() throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    try (WsClient client = WsClient.builder().build()) {
      WsSession s = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/chat/lobby"), new WsListener() {
        @Override
        public void onText(WsSession session, String text) {
          got.add(text);
        }
      }).get(5, TimeUnit.SECONDS);
      s.sendText("{\"type\":\"chat.send\",\"id\":\"1\",\"data\":{\"text\":\"hi\"}}");
      assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(
          "{\"type\":\"chat.send\",\"replyTo\":\"1\",\"data\":{\"room\":\"lobby\",\"text\":\"hi\"}}");
      s.sendText("{\"type\":\"chat.send\",\"id\":\"2\",\"data\":{\"text\":\"\"}}");
      assertThat(got.poll(5, TimeUnit.SECONDS)).contains("validation_failed").contains("\"replyTo\":\"2\"");
      s.sendText("nope");
      assertThat(got.poll(5, TimeUnit.SECONDS)).contains("bad_json");
    }
  }
}
