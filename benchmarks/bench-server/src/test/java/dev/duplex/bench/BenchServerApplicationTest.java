package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The contract of DESIGN.md section 8, over real sockets. */
@SpringBootTest(properties = "duplex.server.port=0")
class BenchServerApplicationTest {

  private static final int SIXTEEN_MIB = 16 << 20;

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  DuplexServer server;

  @ParameterizedTest
  @ValueSource(strings = {"/echo", "/raw/echo"})
  void echoSendsTextBackAsTextAndBinaryAsBinaryUnchanged(String path) {
    try (DuplexTestClient client = connectAsTheHarness(path)) {
      String envelopeLike = "{\"type\":\"chat.send\",\"id\":\"1\",\"data\":{}}";
      for (String text : List.of("hello", "héllo € 😀", "", envelopeLike, "x".repeat(70_000))) {
        client.sendText(text);
        assertThat(client.awaitText()).isEqualTo(text);
      }
      for (byte[] data : List.of(new byte[0], random(4096), random(SIXTEEN_MIB))) {
        client.sendBinary(data);
        assertThat(client.awaitBinary()).isEqualTo(data);
      }
      assertThat(client.unconsumed()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/echo", "/raw/echo"})
  void echoWorksWithPermessageDeflateToo(String path) {
    try (DuplexTestClient client = DuplexTestClient.connect(port, path)) {
      String text = "compressible ".repeat(10_000);
      client.sendText(text);
      assertThat(client.awaitText()).isEqualTo(text);
      byte[] data = random(1 << 20);
      client.sendBinary(data);
      assertThat(client.awaitBinary()).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/echo", "/raw/echo"})
  void messageOverSixteenMibEndsTheSessionWith1009(String path) {
    long before = serverCloses(CloseStatus.MESSAGE_TOO_BIG);
    try (DuplexTestClient client = connectAsTheHarness(path).withTimeout(Duration.ofSeconds(15))) {
      client.session().sendBinary(ByteBuffer.wrap(new byte[SIXTEEN_MIB + 1]));
      // The server refuses at the frame header and closes; the client, still writing the payload, may see its
      // write fail (1006) before it reads the 1009, so the server's count is what tells.
      client.awaitClose();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> serverCloses(CloseStatus.MESSAGE_TOO_BIG) == before + 1);
    }
  }

  /** Like the load generator: no permessage-deflate offered. */
  private DuplexTestClient connectAsTheHarness(String path) {
    WsConfig noDeflate = DuplexTestClient.defaultConfig().toBuilder().deflate(DeflateConfig.disabled()).build();
    return DuplexTestClient.connect(URI.create("ws://127.0.0.1:" + port + path), ConnectOptions.defaults(),
        noDeflate);
  }

  private long serverCloses(int code) {
    return server.server().stats().closes().getOrDefault(code, 0L);
  }

  @Test
  void broadcastSendsEveryTextToEverySessionIncludingTheSender() {
    List<DuplexTestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        DuplexTestClient joining = DuplexTestClient.connect(port, "/broadcast");
        clients.add(joining);
        // Its own message coming back shows that it joined (the open handler runs before its messages).
        joining.sendText("hello " + i);
        for (DuplexTestClient client : clients) {
          assertThat(client.awaitText()).isEqualTo("hello " + i);
        }
      }
      // One sender's messages arrive in the order sent; two senders' messages may interleave either way.
      clients.get(1).sendText("to everyone");
      clients.get(1).sendText("{\"not\":\"an envelope\"}");
      for (DuplexTestClient client : clients) {
        assertThat(client.awaitText()).isEqualTo("to everyone");
        assertThat(client.awaitText()).isEqualTo("{\"not\":\"an envelope\"}");
        assertThat(client.unconsumed()).isEmpty();
      }
      clients.get(0).close();
      clients.get(1).sendText("after one left");
      assertThat(clients.get(1).awaitText()).isEqualTo("after one left");
      assertThat(clients.get(2).awaitText()).isEqualTo("after one left");
    } finally {
      clients.forEach(DuplexTestClient::close);
    }
  }

  @Test
  void broadcastRefusesBinaryWith1003() {
    try (DuplexTestClient client = DuplexTestClient.connect(port, "/broadcast")) {
      client.sendBinary(new byte[] {1});
      assertThat(client.awaitClose().code()).isEqualTo(CloseStatus.UNSUPPORTED_DATA);
    }
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }
}
