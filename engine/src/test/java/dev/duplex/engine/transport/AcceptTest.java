package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.protocol.DeflateConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Accepting on the event loops: the listening socket is served by the first loop's selector, new connections are
 * dealt out to every loop, and stopping, refusing and failing accepts behave as with a dedicated thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AcceptTest {

  /** The engine's client without permessage-deflate: hundreds of sessions need no compressor each. */
  private static final WsConfig PLAIN = WsConfig.defaults().toBuilder().deflate(DeflateConfig.disabled()).build();

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener echo = RecordingListener.echoing();

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  private WsServer server(WsServer.Builder builder) throws IOException {
    return Loopback.server(cleanup, builder.config(PLAIN).handler(Loopback.route("/echo", echo)));
  }

  private WsClient client(int ioThreads) {
    return Loopback.client(cleanup, WsClient.builder().ioThreads(ioThreads).config(PLAIN));
  }

  @Test
  void fiveHundredConcurrentConnectionsAllCompleteTheirHandshake() throws Exception {
    int connections = 500;
    CountDownLatch serverOpens = new CountDownLatch(connections);
    WsServer server = Loopback.server(cleanup, WsServer.builder().ioThreads(2).config(PLAIN)
        .handler(Loopback.route("/echo", new RecordingListener() {
          @Override
          public void onOpen(WsSession session) {
            serverOpens.countDown();
          }
        })));
    WsClient client = client(2);
    List<CompletableFuture<WsSession>> sessions = new ArrayList<>();

    for (int i = 0; i < connections; i++) {
      sessions.add(client.connect(uri(server, "/echo"), new RecordingListener()));
    }

    assertThat(serverOpens.await(30, TimeUnit.SECONDS)).as("every session opened on the server").isTrue();
    await(CompletableFuture.allOf(sessions.toArray(CompletableFuture[]::new)), "every client handshake");
    assertThat(server.sessions()).hasSize(connections);
    assertThat(server.stats().connectionsAccepted()).isEqualTo(connections);
    assertThat(server.stats().handshakesAccepted()).isEqualTo(connections);
  }

  @ParameterizedTest(name = "{0} event loops")
  @ValueSource(ints = {2, 3, 4})
  void connectionsAreDealtOutToEveryLoopInTurn(int ioThreads) throws Exception {
    Map<String, AtomicInteger> sessionsPerThread = new ConcurrentHashMap<>();
    WsServer server = Loopback.server(cleanup, WsServer.builder().name("spread").ioThreads(ioThreads).config(PLAIN)
        .handler(Loopback.route("/echo", new RecordingListener() {
          @Override
          public void onOpen(WsSession session) {
            sessionsPerThread.computeIfAbsent(Thread.currentThread().getName(), name -> new AtomicInteger())
                .incrementAndGet();
          }
        })));
    WsClient client = client(1);

    for (int i = 0; i < 2 * ioThreads; i++) {
      await(client.connect(uri(server, "/echo"), new RecordingListener()), "connect " + i);
    }

    Map<String, Integer> expected = new HashMap<>();
    for (int i = 1; i <= ioThreads; i++) {
      expected.put("spread-io-" + i, 2);
    }
    assertThat(sessionsPerThread.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get())))
        .isEqualTo(expected);
  }

  @Test
  void afterStopAcceptingNewConnectionsAreRefusedWhileOpenSessionsStillEcho() throws Exception {
    WsServer server = server(WsServer.builder().ioThreads(2));
    RecordingListener received = new RecordingListener();
    WsSession session = await(client(1).connect(uri(server, "/echo"), received), "connect");

    server.stopAccepting();

    assertThat(server.isAccepting()).isFalse();
    assertThat(server.isRunning()).isTrue();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close())
        .isInstanceOf(ConnectException.class);
    await(session.sendText("still here"), "send after stopAccepting");
    assertThat(received.nextText()).isEqualTo("still here");
    assertThat(server.stats().connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void stopAcceptingCalledOnAnEventLoopDoesNotBlockIt() throws Exception {
    AtomicReference<WsServer> self = new AtomicReference<>();
    WsServer server = Loopback.server(cleanup, WsServer.builder().ioThreads(1).config(PLAIN)
        .handler(Loopback.route("/echo", new RecordingListener() {
          @Override
          public void onText(WsSession session, String text) {
            self.get().stopAccepting();
            session.sendText(text);
          }
        })));
    self.set(server);
    RecordingListener received = new RecordingListener();
    WsSession session = await(client(1).connect(uri(server, "/echo"), received), "connect");

    await(session.sendText("stop accepting"), "send");

    assertThat(received.nextText()).isEqualTo("stop accepting");
    Awaitility.await().atMost(Loopback.TIMEOUT).until(() -> !server.isAccepting());
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void stopEndsEveryThreadOfTheServerAndReleasesItsPort() throws Exception {
    WsServer server = WsServer.builder().name("stopping").ioThreads(3).port(0).config(PLAIN)
        .handler(Loopback.route("/echo", echo)).build().start();
    cleanup.add(() -> server.stop(Duration.ofMillis(500)));
    await(client(1).connect(uri(server, "/echo"), new RecordingListener()), "connect");
    int port = server.port();

    assertThat(threadsNamed("stopping")).containsExactlyInAnyOrder("stopping-io-1", "stopping-io-2",
        "stopping-io-3");

    server.stop(Duration.ofSeconds(5));

    assertThat(threadsNamed("stopping")).isEmpty();
    assertThat(threadsNamed("")).noneMatch(name -> name.endsWith("-acceptor"));
    try (ServerSocketChannel rebound = ServerSocketChannel.open()) {
      rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(rebound.isOpen()).isTrue();
    }
  }

  @Test
  void aFailingAcceptBacksOffInsteadOfSpinningAndRecovers() throws Exception {
    ListAppender<ILoggingEvent> logs = captureLogs();
    int failures = 3;
    AtomicInteger failed = new AtomicInteger();
    AtomicLong firstFailure = new AtomicLong();
    AtomicLong recovered = new AtomicLong();
    UnaryOperator<Acceptor.AcceptCall> failingFirst = real -> () -> {
      if (failed.get() < failures) {
        firstFailure.compareAndSet(0, System.nanoTime());
        failed.incrementAndGet();
        throw new IOException("Too many open files");
      }
      recovered.compareAndSet(0, System.nanoTime());
      return real.accept();
    };
    WsServer server = server(WsServer.builder().ioThreads(1).acceptCalls(failingFirst));
    RecordingListener received = new RecordingListener();

    WsSession session = await(client(1).connect(uri(server, "/echo"), received), "connect after failed accepts");

    await(session.sendText("through"), "send");
    assertThat(received.nextText()).isEqualTo("through");
    assertThat(failed).as("failed accepts, one per back-off").hasValue(failures);
    assertThat(TimeUnit.NANOSECONDS.toMillis(recovered.get() - firstFailure.get()))
        .as("ms from the first failed accept to the successful one")
        .isGreaterThanOrEqualTo(failures * TimeUnit.NANOSECONDS.toMillis(Acceptor.BACKOFF_NANOS));
    assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN)
        .singleElement()
        .satisfies(event -> assertThat(event.getFormattedMessage()).contains("Too many open files"));
  }

  private ListAppender<ILoggingEvent> captureLogs() {
    Logger logger = (Logger) LoggerFactory.getLogger(Acceptor.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    cleanup.add(() -> logger.detachAppender(appender));
    return appender;
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .collect(Collectors.toList());
  }
}
