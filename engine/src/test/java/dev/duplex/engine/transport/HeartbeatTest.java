package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timers of an open session: heartbeats find dead peers, idle sessions end, unanswered closes give up. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeartbeatTest {

  private static final Duration PING_INTERVAL = Duration.ofMillis(200);
  private static final Duration PONG_TIMEOUT = Duration.ofMillis(200);

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener listener = RecordingListener.echoing();

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  private WsServer server(WsConfig config) throws IOException {
    return Loopback.server(cleanup, config, Loopback.route("/live", listener));
  }

  private static WsConfig heartbeats() {
    return WsConfig.builder().pingInterval(PING_INTERVAL).pongTimeout(PONG_TIMEOUT).build();
  }

  @Test
  void aPeerThatNeverAnswersPingsIsDroppedAfterPingIntervalPlusPongTimeout() throws Exception {
    WsServer server = server(heartbeats());
    RawClient deadPeer = cleanup.add(RawClient.connect(server.port())).upgrade("/live");
    long upgraded = System.nanoTime();
    listener.awaitSession();

    List<Wire.Frame> received = new ArrayList<>();
    while (!deadPeer.isClosedByPeer()) {
      received.add(deadPeer.readFrame());
      assertThat(received).hasSizeLessThan(10);
    }

    long lifetimeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upgraded);
    assertThat(received).as("frames before the connection ended").isNotEmpty()
        .allSatisfy(frame -> assertThat(frame.opcode()).isEqualTo(Wire.PING));
    assertThat(lifetimeMillis).as("time from upgrade to drop, in ms")
        .isGreaterThanOrEqualTo(PING_INTERVAL.plus(PONG_TIMEOUT).toMillis() - 50);
    assertThat(listener.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
  }

  @Test
  void aPeerThatAnswersPingsStaysConnectedAcrossManyIntervals() throws Exception {
    // a generous pong timeout: the JDK answers on its own threads, which a loaded machine may delay
    WsServer server = server(heartbeats().toBuilder().pongTimeout(Duration.ofSeconds(2)).build());
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/live"));
    WsSession session = listener.awaitSession();
    long opened = System.nanoTime();

    for (int pong = 1; pong <= 4; pong++) {
      Loopback.next(listener.pongs, "pong " + pong + " answering a heartbeat");
    }

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened)).as("time connected, in ms")
        .isGreaterThanOrEqualTo(3 * PING_INTERVAL.toMillis());
    for (int ping = 1; ping <= 4; ping++) {
      Loopback.next(client.pings, "heartbeat ping " + ping + " at the client");
    }
    assertThat(session.isOpen()).isTrue();
    assertThat(listener.closes).isEmpty();
    assertThat(client.closed).isNotDone();
    client.sendText("still here");
    assertThat(client.nextText()).isEqualTo("still here");
  }

  @Test
  void pingsKeepThePingIntervalWhenThePongTimeoutIsLonger() throws Exception {
    Duration pongTimeout = Duration.ofSeconds(3);
    WsServer server = server(heartbeats().toBuilder().pongTimeout(pongTimeout).build());
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/live"));
    listener.awaitSession();
    long opened = System.nanoTime();

    for (int pong = 1; pong <= 4; pong++) {
      Loopback.next(listener.pongs, "pong " + pong + " answering a heartbeat");
    }

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened))
        .as("time for 4 heartbeats of %s, in ms", PING_INTERVAL).isLessThan(pongTimeout.toMillis());
    assertThat(client.closed).isNotDone();
  }

  @Test
  void aSessionWithoutMessagesIsClosedWithGoingAwayAfterTheIdleTimeout() throws Exception {
    WsServer server = server(WsConfig.builder().idleTimeout(Duration.ofMillis(300)).build());
    long start = System.nanoTime();
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/live"));

    CloseStatus atClient = client.awaitClose();

    assertThat(atClient).isEqualTo(CloseStatus.of(CloseStatus.GOING_AWAY, "idle timeout"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("time until closed, in ms")
        .isGreaterThanOrEqualTo(300);
    assertThat(listener.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.GOING_AWAY, "idle timeout"));
  }

  @Test
  void messagesKeepASessionOpenPastTheIdleTimeout() throws Exception {
    Duration idle = Duration.ofMillis(500);
    WsServer server = server(WsConfig.builder().idleTimeout(idle).build());
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/live"));
    long start = System.nanoTime();
    long until = start + 2 * idle.toNanos();

    int roundTrips = 0;
    while (System.nanoTime() - until < 0 && roundTrips < 100_000) {
      client.sendText("tick " + roundTrips);
      assertThat(client.nextText()).isEqualTo("tick " + roundTrips);
      roundTrips++;
    }

    assertThat(System.nanoTime() - start).as("time spent exchanging messages, in ns")
        .isGreaterThanOrEqualTo(2 * idle.toNanos());
    assertThat(client.closed).isNotDone();
    assertThat(listener.closes).isEmpty();
    assertThat(client.awaitClose()).as("closed once the messages stop")
        .isEqualTo(CloseStatus.of(CloseStatus.GOING_AWAY, "idle timeout"));
  }

  @Test
  void aCloseThePeerNeverAnswersEndsTheConnectionAfterTheCloseTimeout() throws Exception {
    WsServer server = server(WsConfig.builder().closeTimeout(Duration.ofMillis(300)).build());
    RawClient silentPeer = cleanup.add(RawClient.connect(server.port())).upgrade("/live");
    WsSession session = listener.awaitSession();

    CompletionStage<Void> closing = session.close(CloseStatus.of(CloseStatus.NORMAL_CLOSURE, "bye"));

    Wire.Frame close = silentPeer.readFrame();
    long closeReceived = System.nanoTime();
    assertThat(close.opcode()).isEqualTo(Wire.CLOSE);
    assertThat(close.closeCode()).isEqualTo(CloseStatus.NORMAL_CLOSURE);
    assertThat(close.closeReason()).isEqualTo("bye");
    assertThat(silentPeer.isClosedByPeer()).as("TCP closed without a close answer").isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeReceived))
        .as("time from close frame to end of connection, in ms").isGreaterThanOrEqualTo(250);
    await(closing, "close stage");
    assertThat(listener.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.NORMAL_CLOSURE, "bye"));
    assertThat(session.isOpen()).isFalse();
  }
}
