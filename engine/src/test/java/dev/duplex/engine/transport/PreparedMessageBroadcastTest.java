package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Broadcast: one message encoded once, sent to many sessions spread over several event loops. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PreparedMessageBroadcastTest {

  private static final int SESSIONS = 50;

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener serverSide = new RecordingListener();

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  @Test
  void onePreparedMessageSentToFiftySessionsReachesEveryOneOfThemOnce() throws Exception {
    WsServer server = Loopback.server(cleanup, WsServer.builder().ioThreads(2).config(WsConfig.defaults())
        .handler(Loopback.route("/news", serverSide)));
    WsClient client = Loopback.client(cleanup, WsClient.builder().ioThreads(2));
    List<RecordingListener> readers = new ArrayList<>();
    List<CompletableFuture<WsSession>> connects = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      RecordingListener reader = new RecordingListener();
      readers.add(reader);
      connects.add(client.connect(uri(server, "/news"), reader));
    }
    Loopback.await(CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)), "50 connects");
    List<WsSession> sessions = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      sessions.add(serverSide.awaitSession());
    }
    byte[] data = new byte[100_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    PreparedMessage news = PreparedMessage.text("breaking news, encoded once");
    PreparedMessage blob = PreparedMessage.binary(ByteBuffer.wrap(data));

    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (WsSession session : sessions) {
      sends.add(session.send(news).toCompletableFuture());
      sends.add(session.send(blob).toCompletableFuture());
    }

    Loopback.await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), "100 sends");
    for (RecordingListener reader : readers) {
      assertThat(reader.nextText()).isEqualTo("breaking news, encoded once");
      assertThat(reader.nextBinary()).isEqualTo(data);
    }
    for (RecordingListener reader : readers) {
      assertThat(reader.texts).isEmpty();
      assertThat(reader.binaries).isEmpty();
    }
    assertThat(news.frameSize()).as("the shared frame is not consumed by sending").isEqualTo(2 + 27);
    assertThat(blob.payload().remaining()).isEqualTo(data.length);
  }
}
