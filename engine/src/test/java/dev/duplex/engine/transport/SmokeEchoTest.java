package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SmokeEchoTest {

  @Test
  void echoesWithJdkClientAndWsClient() throws Exception {
    WsListener echo = new WsListener() {
      @Override
      public void onTextBytes(WsSession session, ByteBuffer utf8) {
        session.sendText(utf8);
      }
    };
    WsServer server = WsServer.builder().port(0).ioThreads(1)
        .handler(WsRoutes.builder().route("/echo", echo).build()).build().start();
    try {
      CompletableFuture<String> got = new CompletableFuture<>();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
              got.complete(data.toString());
              return null;
            }
          }).get(5, TimeUnit.SECONDS);
      ws.sendText("hello", true);
      assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("hello");

      try (WsClient client = WsClient.builder().build()) {
        CompletableFuture<String> got2 = new CompletableFuture<>();
        WsSession s = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new WsListener() {
          @Override
          public void onText(WsSession session, String text) {
            got2.complete(text);
          }
        }).get(5, TimeUnit.SECONDS);
        s.sendText("world");
        assertThat(got2.get(5, TimeUnit.SECONDS)).isEqualTo("world");
      }
    } finally {
      server.stop(Duration.ofSeconds(2));
    }
  }
}
