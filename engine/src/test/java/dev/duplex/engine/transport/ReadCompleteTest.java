package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WsListener#onReadComplete} ends every run of message, ping and pong callbacks, and never follows
 * {@link WsListener#onClose}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadCompleteTest {

  private final Cleanup cleanup = new Cleanup();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private WsServer server;

  /** Records every callback in order. */
  private class Recording implements WsListener {

    @Override
    public void onTextBytes(WsSession session, ByteBuffer utf8) {
      events.add("text:" + StandardCharsets.UTF_8.decode(utf8));
    }

    @Override
    public void onPing(WsSession session, ByteBuffer payload) {
      events.add("ping");
    }

    @Override
    public void onReadComplete(WsSession session) {
      events.add("complete");
    }

    @Override
    public void onClose(WsSession session, CloseStatus status) {
      events.add("close:" + status.code());
    }

    @Override
    public void onError(WsSession session, Throwable error) {
      events.add("error:" + error.getMessage());
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    server = Loopback.server(cleanup, WsConfig.defaults(), WsRoutes.builder()
        .route("/record", new Recording())
        .route("/throws", new Recording() {
          @Override
          public void onReadComplete(WsSession session) {
            throw new IllegalStateException("onReadComplete failed on purpose");
          }
        })
        .build());
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  @Test
  void everyRunOfCallbacksEndsWithOneReadComplete() throws Exception {
    try (RawClient client = RawClient.connect(server.port()).upgrade("/record")) {
      client.write(concat(Wire.maskedText("a"), Wire.maskedText("b"), Wire.masked(true, Wire.PING, new byte[0]),
          Wire.maskedText("c")));
      List<String> seen = new ArrayList<>();
      while (seen.stream().filter(e -> !e.equals("complete")).count() < 4 || !last(seen).equals("complete")) {
        seen.add(Loopback.next(events, "callback"));
      }

      assertThat(seen.stream().filter(e -> !e.equals("complete"))).containsExactly("text:a", "text:b", "ping",
          "text:c");
      assertThat(seen.get(0)).isNotEqualTo("complete");
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).equals("complete") && seen.get(i - 1).equals("complete"))
            .as("two read completions in a row in %s", seen).isFalse();
      }
    }
  }

  @Test
  void nothingFollowsOnCloseWhenTheCloseArrivesWithMessages() throws Exception {
    try (RawClient client = RawClient.connect(server.port()).upgrade("/record")) {
      client.write(concat(Wire.maskedText("a"), Wire.maskedText("b"),
          Wire.masked(true, Wire.CLOSE, new byte[] {0x03, (byte) 0xE8})));

      assertThat(client.readFrame().opcode()).isEqualTo(Wire.CLOSE);
      assertThat(client.isClosedByPeer()).isTrue();
    }
    List<String> seen = new ArrayList<>();
    events.drainTo(seen);
    assertThat(seen).containsExactly("text:a", "text:b", "close:1000");
  }

  @Test
  void aReadCompleteThatThrowsEndsTheSessionWithInternalError() throws Exception {
    try (RawClient client = RawClient.connect(server.port()).upgrade("/throws")) {
      client.sendText("a");

      assertThat(Loopback.next(events, "text")).isEqualTo("text:a");
      assertThat(Loopback.next(events, "onError")).isEqualTo("error:onReadComplete failed on purpose");
      Wire.Frame close = client.readFrame();
      assertThat(close.opcode()).isEqualTo(Wire.CLOSE);
      assertThat(ByteBuffer.wrap(close.payload()).getShort() & 0xFFFF).isEqualTo(CloseStatus.INTERNAL_ERROR);
    }
  }

  private static String last(List<String> list) {
    return list.isEmpty() ? "" : list.get(list.size() - 1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
