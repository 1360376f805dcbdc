package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSession;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A buffer handed over with {@link WsSession#sendOwnedBinary} from another thread arrives as it was, at every
 * length encoding, in order; on the loop too.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OwnedSendTest {

  private final Cleanup cleanup = new Cleanup();
  private final ExecutorService handlers = Executors.newFixedThreadPool(2);
  private WsServer server;

  @BeforeEach
  void startServer() throws Exception {
    WsListener offLoop = new WsListener() {
      @Override
      public void onBinary(WsSession session, ByteBuffer data) {
        session.suspendReading();
        handlers.execute(() -> {
          session.sendOwnedBinary(data);
          session.resumeReading();
        });
      }
    };
    WsListener onLoop = new WsListener() {
      @Override
      public void onBinary(WsSession session, ByteBuffer data) {
        session.sendOwnedBinary(data);
      }
    };
    server = Loopback.server(cleanup, Loopback.withMaxMessageSize(WsConfig.defaults(), 1 << 20),
        WsRoutes.builder().route("/off", offLoop).route("/on", onLoop).build());
  }

  @AfterEach
  void closeEverything() throws Exception {
    handlers.shutdownNow();
    cleanup.close();
  }

  @Test
  void handedOverBuffersArriveIntactFromAnotherThreadAndFromTheLoop() {
    Random random = new Random(6455);
    for (String path : new String[] {"/off", "/on"}) {
      JdkClient client = JdkClient.connect(cleanup, uri(server, path));
      for (int size : new int[] {0, 1, 125, 126, 4096, 65535, 65536, 1 << 20}) {
        byte[] message = new byte[size];
        random.nextBytes(message);
        client.sendBinary(message);
        assertThat(client.nextBinary()).as("%d bytes on %s", size, path).isEqualTo(message);
      }
    }
  }
}
