package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.SlowConsumerException;
import dev.duplex.engine.SlowConsumerPolicy;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSendException;
import dev.duplex.engine.WsSession;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that never reads while the application keeps sending: the outbound buffer stays bounded and the policy
 * acts, on that session only.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowConsumerTest {

  private static final long LIMIT = 1 << 20;
  private static final int MESSAGE_SIZE = 64 * 1024;
  private static final int MAX_MESSAGES = 4096;
  private static final Duration MAX_SENDING_TIME = Duration.ofSeconds(10);

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener slow = new RecordingListener();
  private final RecordingListener echo = RecordingListener.echoing();

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  /** What the sending loop saw. */
  private record Flood(int accepted, int refused, long maxBuffered, Throwable firstRefusal) { }

  @Test
  void withTheClosePolicyAPeerThatNeverReadsIsClosedAndOthersAreUnaffected() throws Exception {
    WsServer server = server(SlowConsumerPolicy.CLOSE);
    RawClient neverReads = cleanup.add(RawClient.connect(server.port(), SlowConsumerTest::smallReceiveBuffer))
        .upgrade("/slow");
    WsSession session = slow.awaitSession();
    JdkClient other = JdkClient.connect(cleanup, uri(server, "/echo"));

    Flood flood = flood(session, 1);

    assertThat(flood.firstRefusal()).isInstanceOf(SlowConsumerException.class);
    assertThat(flood.maxBuffered()).as("most bytes ever buffered").isLessThanOrEqualTo(LIMIT + MESSAGE_SIZE);
    other.sendText("unaffected while the slow one is stuck");
    assertThat(other.nextText()).isEqualTo("unaffected while the slow one is stuck");
    assertThat(slow.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.POLICY_VIOLATION, "slow consumer"));
    assertThat(session.isOpen()).isFalse();
    assertThat(Loopback.failure(session.sendBinary(ByteBuffer.allocate(1)), "send after the close"))
        .isInstanceOf(WsSendException.class);
    assertThat(server.stats().slowConsumerCloses()).isEqualTo(1);
    assertThat(server.stats().closes()).containsEntry(CloseStatus.POLICY_VIOLATION, 1L);
    other.sendText("unaffected after the slow one is gone");
    assertThat(other.nextText()).isEqualTo("unaffected after the slow one is gone");
    assertThatTheConnectionEnds(neverReads);
  }

  @Test
  void withTheDropPolicyMessagesAreDroppedAndCountedWhileTheSessionStaysOpen() throws Exception {
    WsServer server = server(SlowConsumerPolicy.DROP);
    RawClient readsLate = cleanup.add(RawClient.connect(server.port(), SlowConsumerTest::smallReceiveBuffer))
        .upgrade("/slow");
    WsSession session = slow.awaitSession();
    JdkClient other = JdkClient.connect(cleanup, uri(server, "/echo"));

    Flood flood = flood(session, 16);

    assertThat(flood.firstRefusal()).isInstanceOf(SlowConsumerException.class);
    assertThat(flood.refused()).isEqualTo(16);
    assertThat(server.stats().slowConsumerDrops()).isEqualTo(16);
    assertThat(server.stats().slowConsumerCloses()).isZero();
    assertThat(flood.maxBuffered()).as("most bytes ever buffered").isLessThanOrEqualTo(LIMIT + MESSAGE_SIZE);
    assertThat(session.isOpen()).isTrue();
    other.sendText("unaffected");
    assertThat(other.nextText()).isEqualTo("unaffected");

    for (int i = 0; i < flood.accepted(); i++) {
      Wire.Frame frame = readsLate.readFrame();
      assertThat(frame.opcode()).isEqualTo(Wire.BINARY);
      assertThat(frame.payload()).hasSize(MESSAGE_SIZE);
    }
    await(session.sendText("the buffer has drained"), "send after draining");
    assertThat(readsLate.readFrame().text()).isEqualTo("the buffer has drained");
    assertThat(slow.closes).isEmpty();
    assertThat(session.isOpen()).isTrue();
  }

  /**
   * Reads what the server managed to write before it gave up: data frames, then either a close frame with 1008 or
   * the end of the stream, possibly inside a frame.
   */
  private static void assertThatTheConnectionEnds(RawClient peer) throws IOException {
    for (int frames = 0; frames < MAX_MESSAGES; frames++) {
      Wire.Frame frame;
      try {
        frame = peer.readFrame();
      } catch (EOFException e) {
        return;
      }
      if (frame.opcode() == Wire.CLOSE) {
        assertThat(frame.closeCode()).isEqualTo(CloseStatus.POLICY_VIOLATION);
        assertThat(peer.isClosedByPeer()).as("TCP closed after the close frame").isTrue();
        return;
      }
      assertThat(frame.opcode()).isEqualTo(Wire.BINARY);
    }
    throw new AssertionError("the connection did not end within " + MAX_MESSAGES + " frames");
  }

  @Test
  void twoLargeEchoesFromOneReadAreNotTakenForASlowConsumer() throws Exception {
    WsConfig config = WsConfig.builder().outboundBufferLimit(16 * 1024).build();
    WsServer server = Loopback.server(cleanup, config, WsRoutes.builder().route("/echo", echo).build());
    RawClient client = cleanup.add(RawClient.connect(server.port())).upgrade("/echo");
    byte[] payload = new byte[20 * 1024];

    client.write(concat(Wire.masked(true, Wire.BINARY, payload), Wire.masked(true, Wire.BINARY, payload)));

    assertThat(client.readFrame().payload()).hasSize(payload.length);
    assertThat(client.readFrame().payload()).hasSize(payload.length);
    assertThat(server.stats().slowConsumerCloses()).isZero();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private WsServer server(SlowConsumerPolicy policy) throws IOException {
    WsConfig config = WsConfig.builder()
        .outboundBufferLimit(LIMIT)
        .slowConsumerPolicy(policy)
        .closeTimeout(Duration.ofMillis(500))
        .build();
    return Loopback.server(cleanup, config, WsRoutes.builder().route("/slow", slow).route("/echo", echo).build());
  }

  private static void smallReceiveBuffer(SocketChannel channel) throws IOException {
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
  }

  /**
   * Sends 64 KiB messages from this thread, not the event loop, until {@code refusals} of them were refused,
   * bounded in count and time.
   */
  private static Flood flood(WsSession session, int refusals) {
    byte[] message = new byte[MESSAGE_SIZE];
    long deadline = System.nanoTime() + MAX_SENDING_TIME.toNanos();
    int accepted = 0;
    int refused = 0;
    long maxBuffered = 0;
    Throwable firstRefusal = null;
    for (int i = 0; i < MAX_MESSAGES && refused < refusals && System.nanoTime() - deadline < 0; i++) {
      CompletableFuture<Void> send = session.sendBinary(ByteBuffer.wrap(message)).toCompletableFuture();
      maxBuffered = Math.max(maxBuffered, session.bufferedAmount());
      if (send.isCompletedExceptionally()) {
        refused++;
        if (firstRefusal == null) {
          firstRefusal = send.handle((ok, error) -> error).join();
        }
      } else {
        accepted++;
      }
    }
    assertThat(refused).as("sends refused within %d messages and %s", MAX_MESSAGES, MAX_SENDING_TIME)
        .isEqualTo(refusals);
    return new Flood(accepted, refused, maxBuffered, firstRefusal);
  }
}
