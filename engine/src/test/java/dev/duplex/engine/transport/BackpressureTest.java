package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inbound flow control: while a session's reading is suspended, the server reads nothing, so TCP holds back a
 * peer that keeps writing (its writes stop being accepted); once resumed, everything arrives, in order.
 *
 * <p>The peer sends message 0 alone and waits until the listener has suspended reading inside its
 * {@code onText}, so that no later message can already be in the server's hands. It then writes without
 * blocking until its socket accepts no more bytes: proof that the server stopped reading, with no sleep.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BackpressureTest {

  private static final int PAYLOAD_SIZE = 1024;
  private static final int MAX_FLOOD = 50_000;
  private static final Duration MAX_FLOOD_TIME = Duration.ofSeconds(10);
  private static final int AFTER_RESUME = 100;

  private final Cleanup cleanup = new Cleanup();
  private final List<Integer> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<WsSession> suspended = new CompletableFuture<>();

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  @Test
  void whileReadingIsSuspendedNothingIsDeliveredAndTheClientsWritesBlockThenResumingDeliversAllInOrder()
      throws Exception {
    NumberedWriter peer = peerOf(serverSuspendingOnFirstMessage(1));
    peer.writeFirstMessage();
    WsSession session = await(suspended, "suspension inside onText");

    int written = peer.writeUntilBlocked();

    assertThat(written).as("messages written until the socket was full").isPositive();
    assertThat(received).as("messages delivered while suspended").containsExactly(0);

    session.resumeReading();
    int total = peer.writeTheRestBlocking(written + AFTER_RESUME);

    Awaitility.await().atMost(Loopback.TIMEOUT).until(() -> received.size() >= total);
    assertThat(received).as("every message, in order").containsExactlyElementsOf(
        IntStream.range(0, total).boxed().toList());
  }

  @Test
  void suspensionsNestSoReadingResumesOnlyAfterAsManyResumes() throws Exception {
    NumberedWriter peer = peerOf(serverSuspendingOnFirstMessage(2));
    peer.writeFirstMessage();
    WsSession session = await(suspended, "suspension inside onText");

    session.resumeReading();
    int written = peer.writeUntilBlocked();

    assertThat(written).as("messages written until the socket was full").isPositive();
    assertThat(received).as("messages delivered after one resume of two suspensions").containsExactly(0);

    session.resumeReading();
    int total = peer.writeTheRestBlocking(written);

    Awaitility.await().atMost(Loopback.TIMEOUT).until(() -> received.size() >= total);
    assertThat(received).containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
  }

  /** A server whose listener suspends reading {@code times} times when message 0 arrives. */
  private WsServer serverSuspendingOnFirstMessage(int times) throws IOException {
    WsListener listener = new WsListener() {
      @Override
      public void onText(WsSession session, String text) {
        int number = Integer.parseInt(text.substring(0, 6));
        received.add(number);
        if (number == 0) {
          for (int i = 0; i < times; i++) {
            session.suspendReading();
          }
          suspended.complete(session);
        }
      }
    };
    return Loopback.server(cleanup, WsConfig.defaults(), Loopback.route("/in", listener));
  }

  private NumberedWriter peerOf(WsServer server) throws IOException {
    RawClient raw = cleanup.add(RawClient.connect(server.port(),
        channel -> channel.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024))).upgrade("/in");
    return new NumberedWriter(raw);
  }

  /** Writes text messages numbered from 0, each {@value #PAYLOAD_SIZE} bytes, as masked frames. */
  private static final class NumberedWriter {

    private final RawClient raw;
    private final SocketChannel channel;
    private int next;
    private ByteBuffer pending = ByteBuffer.allocate(0);

    NumberedWriter(RawClient raw) {
      this.raw = raw;
      this.channel = raw.channel();
    }

    void writeFirstMessage() throws IOException {
      raw.write(frame(next++));
    }

    /** Writes without blocking until the socket takes no more bytes; returns how many messages were started. */
    int writeUntilBlocked() throws IOException {
      channel.configureBlocking(false);
      long deadline = System.nanoTime() + MAX_FLOOD_TIME.toNanos();
      while (next < MAX_FLOOD && System.nanoTime() - deadline < 0) {
        if (!pending.hasRemaining()) {
          pending = ByteBuffer.wrap(frame(next++));
        }
        channel.write(pending);
        if (pending.hasRemaining()) {
          return next;
        }
      }
      throw new AssertionError("the socket still accepted bytes after " + next + " messages: the server reads");
    }

    /** Finishes the message cut short, then writes up to {@code total} messages, blocking; returns the total. */
    int writeTheRestBlocking(int total) throws IOException {
      channel.configureBlocking(true);
      while (pending.hasRemaining()) {
        channel.write(pending);
      }
      while (next < total) {
        ByteBuffer frame = ByteBuffer.wrap(frame(next++));
        while (frame.hasRemaining()) {
          channel.write(frame);
        }
      }
      return next;
    }

    private static byte[] frame(int number) {
      String text = String.format("%06d", number);
      return Wire.maskedText(text + "x".repeat(PAYLOAD_SIZE - text.length()));
    }
  }
}
