package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsSendException;
import dev.duplex.engine.WsSession;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful stop: 1001 to every session, close handshakes awaited until a deadline, no new connections. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShutdownTest {

  private static final CloseStatus GOING_AWAY = CloseStatus.of(CloseStatus.GOING_AWAY, "server shutting down");

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener listener = RecordingListener.echoing();
  private WsServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = Loopback.server(cleanup, WsServer.builder().ioThreads(2).config(WsConfig.defaults())
        .handler(Loopback.route("/echo", listener)));
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  @Test
  void stopSendsGoingAwayToEverySessionAndReturnsOnceTheirCloseHandshakesAreDone() {
    List<JdkClient> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clients.add(JdkClient.connect(cleanup, uri(server, "/echo")));
      listener.awaitSession();
    }
    long start = System.nanoTime();

    server.stop(Duration.ofSeconds(10));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("time stop took, in ms")
        .isLessThan(5_000);
    assertThat(listener.closes).as("sessions closed by the time stop returned")
        .containsExactly(GOING_AWAY, GOING_AWAY, GOING_AWAY);
    for (JdkClient client : clients) {
      assertThat(client.awaitClose()).isEqualTo(GOING_AWAY);
    }
    assertThat(server.sessions()).isEmpty();
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void afterStopNewConnectionsAreRefused() {
    int port = server.port();

    server.stop(Duration.ofSeconds(1));

    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aSessionThatNeverAnswersIsClosedAtTheDeadline() throws Exception {
    JdkClient answers = JdkClient.connect(cleanup, uri(server, "/echo"));
    listener.awaitSession();
    RawClient silent = cleanup.add(RawClient.connect(server.port())).upgrade("/echo");
    listener.awaitSession();
    long start = System.nanoTime();

    server.stop(Duration.ofMillis(500));

    long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(stopMillis).as("time stop took, in ms").isBetween(450L, 4_000L);
    assertThat(answers.awaitClose()).isEqualTo(GOING_AWAY);
    Wire.Frame close = silent.readFrame();
    assertThat(close.opcode()).isEqualTo(Wire.CLOSE);
    assertThat(close.closeCode()).isEqualTo(CloseStatus.GOING_AWAY);
    assertThat(silent.isClosedByPeer()).as("TCP closed at the deadline").isTrue();
    assertThat(listener.closes).hasSize(2).allSatisfy(
        status -> assertThat(status.code()).isEqualTo(CloseStatus.GOING_AWAY));
  }

  @Test
  void aConnectionStillInItsOpeningHandshakeIsClosedByStopWithoutWaitingForTheDeadline() throws Exception {
    RawClient halfway = cleanup.add(RawClient.connect(server.port()));
    Awaitility.await().atMost(Loopback.TIMEOUT).until(() -> server.stats().connectionsAccepted() == 1);
    long start = System.nanoTime();

    server.stop(Duration.ofSeconds(10));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("time stop took, in ms")
        .isLessThan(5_000);
    assertThat(halfway.isClosedByPeer()).isTrue();
    assertThat(listener.opened).isEmpty();
  }

  @Test
  void sendingOrClosingOnASessionAfterStopFailsOrCompletesInsteadOfHanging() {
    JdkClient.connect(cleanup, uri(server, "/echo"));
    WsSession session = listener.awaitSession();
    server.stop(Duration.ofSeconds(5));

    Throwable failure = Loopback.failure(session.sendText("too late"), "send after stop");

    assertThat(failure).isInstanceOf(WsSendException.class);
    Loopback.await(session.close(), "close after stop");
    assertThat(session.isOpen()).isFalse();
  }

  @Test
  void statsCountConnectionsSessionsRefusalsAndCloses() throws Exception {
    JdkClient first = JdkClient.connect(cleanup, uri(server, "/echo"));
    JdkClient second = JdkClient.connect(cleanup, uri(server, "/echo"));
    listener.awaitSession();
    listener.awaitSession();
    RawClient refused = cleanup.add(RawClient.connect(server.port()));
    refused.write(Wire.upgradeRequest("/nowhere", Wire.newKey()));
    assertThat(refused.readResponse().status()).isEqualTo(404);
    Loopback.await(first.webSocket().sendClose(CloseStatus.NORMAL_CLOSURE, ""), "JDK sendClose");
    assertThat(listener.awaitClose().code()).isEqualTo(CloseStatus.NORMAL_CLOSURE);

    assertThat(server.stats().activeSessions()).isEqualTo(1);

    server.stop(Duration.ofSeconds(5));

    assertThat(second.awaitClose()).isEqualTo(GOING_AWAY);
    TransportStats stats = server.stats();
    assertThat(stats.connectionsAccepted()).isEqualTo(3);
    assertThat(stats.handshakesAccepted()).isEqualTo(2);
    assertThat(stats.handshakesRefused()).isEqualTo(Map.of(404, 1L));
    assertThat(stats.closes()).isEqualTo(Map.of(CloseStatus.NORMAL_CLOSURE, 1L, CloseStatus.GOING_AWAY, 1L));
    assertThat(stats.activeSessions()).isZero();
  }
}
