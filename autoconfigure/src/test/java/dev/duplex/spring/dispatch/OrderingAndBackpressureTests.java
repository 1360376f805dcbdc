package dev.duplex.spring.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.server.DuplexServerCustomizer;
import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.support.Json;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Handlers of one session run one at a time and in order, sessions run in parallel, and a session whose handlers
 * fall behind is held back by TCP rather than buffered.
 */
@SpringBootTest(properties = {"duplex.server.port=0", "duplex.server.address=127.0.0.1",
    "duplex.dispatch.max-pending=" + OrderingAndBackpressureTests.MAX_PENDING,
    "duplex.rate-limit.messages-per-second=0"})
class OrderingAndBackpressureTests {

  static final int MAX_PENDING = 4;

  /** The engine's read buffer: messages already read when reading stops are still handed over. */
  private static final int READ_BUFFER = 64 * 1024;

  @Autowired
  DuplexServer server;

  @Autowired
  Numbers numbers;

  @Autowired
  Gate gate;

  @Autowired
  Slow slow;

  @Autowired
  ReceivedMessages received;

  /** Without compression, so that what the server reads is counted in the bytes the client sent. */
  @AutoClose
  final WsTestClient client = new WsTestClient(WsConfig.builder().outboundBufferLimit(64L << 20)
      .deflate(DeflateConfig.disabled()).build());

  @AutoClose("shutdownNow")
  final ExecutorService senders = Executors.newFixedThreadPool(4);

  @Test
  void eachSessionSeesItsRepliesInOrderWhileOtherSessionsSendConcurrently() throws Exception {
    int sessions = 4;
    int messages = 500;
    List<TestSession> clients = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      clients.add(client.connect(server.port(), "/numbers"));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> sending = new ArrayList<>();
    for (TestSession session : clients) {
      sending.add(senders.submit(() -> {
        start.await();
        for (int n = 0; n < messages; n++) {
          session.send("n", Integer.toString(n), n);
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> done : sending) {
      done.get(10, TimeUnit.SECONDS);
    }

    for (TestSession session : clients) {
      List<Integer> replies = new ArrayList<>();
      for (int n = 0; n < messages; n++) {
        JsonNode reply = session.nextEnvelope();
        assertThat(reply.path("replyTo").asString()).isEqualTo(Integer.toString(reply.path("data").asInt()));
        replies.add(reply.path("data").asInt());
      }
      assertThat(replies).containsExactlyElementsOf(IntStream.range(0, messages).boxed().toList());
    }
    assertThat(numbers.overlaps.get()).as("calls of one session that overlapped").isZero();
  }

  @Test
  void aSessionBlockedInItsHandlerDoesNotHoldBackAnotherSession() throws Exception {
    TestSession blocked = client.connect(server.port(), "/gate");
    TestSession other = client.connect(server.port(), "/gate");
    Gate.Turn turn = gate.arm();

    blocked.send("wait", "w", null);
    assertThat(turn.entered().await(5, TimeUnit.SECONDS)).as("the blocking handler started").isTrue();
    other.send("ping", "p", null);

    assertThat(other.nextEnvelope().path("replyTo").asString()).isEqualTo("p");
    assertThat(blocked.pendingTexts()).as("the blocked session has no reply yet").isZero();
    turn.release().countDown();
    assertThat(blocked.nextEnvelope().path("replyTo").asString()).isEqualTo("w");
  }

  @Test
  void aSessionWhoseHandlersFallBehindIsNotReadUntilTheyCatchUpAndNothingIsLost() throws Exception {
    int messages = 512;
    String padding = "x".repeat(16 * 1024);
    int messageSize = Json.envelope("slow", "0", new SlowRequest(0, padding)).length();
    int bound = MAX_PENDING + READ_BUFFER / messageSize + 1;
    Slow.Turn turn = slow.arm();
    received.reset("/slow");
    TestSession session = client.connect(server.port(), "/slow");

    for (int n = 0; n < messages; n++) {
      session.send("slow", Integer.toString(n), new SlowRequest(n, padding));
    }
    assertThat(turn.entered().await(5, TimeUnit.SECONDS)).as("the first message is being handled").isTrue();
    long total = (long) messages * messageSize;
    await("the client has handed more to TCP than the server may take").atMost(Duration.ofSeconds(5))
        .until(() -> total - session.session().bufferedAmount() > (long) (bound + 1) * messageSize);

    // While the handler is blocked, the server stops reading: it never takes more than max-pending messages plus
    // what its last read had already buffered, however much the client sends.
    await("the server stops reading while the handler is blocked")
        .during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(received.on("/slow")).as("messages the server read")
            .isBetween(MAX_PENDING, bound));
    assertThat(slow.handled).containsExactly(0);

    turn.release().countDown();
    for (int n = 0; n < messages; n++) {
      JsonNode reply = session.nextEnvelope();
      assertThat(reply.path("replyTo").asString()).isEqualTo(Integer.toString(n));
      assertThat(reply.path("data").asInt()).isEqualTo(n);
    }
    assertThat(slow.handled).containsExactlyElementsOf(IntStream.range(0, messages).boxed().toList());
    assertThat(received.on("/slow")).isEqualTo(messages);
    assertThat(session.session().bufferedAmount()).isZero();
  }

  @Test
  void inLoopModeHandlersRunOnTheIoThreadInOrder() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class))
        .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1", "duplex.dispatch.mode=loop")
        .withUserConfiguration(OnTheLoop.class)
        .run(context -> {
          TestSession session = client.connect(context.getBean(DuplexServer.class).port(), "/loop");
          for (int n = 0; n < 200; n++) {
            session.send("n", Integer.toString(n), n);
          }
          for (int n = 0; n < 200; n++) {
            JsonNode reply = session.nextEnvelope();
            assertThat(reply.path("replyTo").asString()).isEqualTo(Integer.toString(n));
            assertThat(reply.path("data").asString()).isEqualTo(n + " on duplex-io");
          }
        });
  }

  // ---------------------------------------------------------------- application

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Numbers.class, Gate.class, Slow.class})
  static class App {

    @Bean
    ReceivedMessages receivedMessages() {
      return new ReceivedMessages();
    }

    /** Counts the messages the engine hands to the endpoints, before dispatch queues them. */
    @Bean
    DuplexServerCustomizer countReceivedMessages(EndpointRegistry endpoints, ReceivedMessages received) {
      return builder -> builder.handler((request, connection) -> received.count(request.path(), endpoints.router()
          .handle(request, connection)));
    }
  }

  @WsEndpoint("/numbers")
  static class Numbers {

    final AtomicInteger overlaps = new AtomicInteger();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    @WsHandler("n")
    int n(@Payload int n, DuplexSession session) {
      AtomicInteger calls = running.computeIfAbsent(session.id(), id -> new AtomicInteger());
      if (calls.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      Thread.yield();
      calls.decrementAndGet();
      return n;
    }
  }

  @WsEndpoint("/gate")
  static class Gate {

    record Turn(CountDownLatch entered, CountDownLatch release) {
    }

    private volatile Turn turn;

    Turn arm() {
      turn = new Turn(new CountDownLatch(1), new CountDownLatch(1));
      return turn;
    }

    @WsHandler("wait")
    String waitForRelease() throws InterruptedException {
      Turn current = turn;
      current.entered().countDown();
      current.release().await(10, TimeUnit.SECONDS);
      return "released";
    }

    @WsHandler("ping")
    String ping() {
      return "pong";
    }
  }

  record SlowRequest(int n, String padding) {
  }

  @WsEndpoint("/slow")
  static class Slow {

    record Turn(CountDownLatch entered, CountDownLatch release) {
    }

    final List<Integer> handled = new CopyOnWriteArrayList<>();
    private volatile Turn turn;

    Turn arm() {
      handled.clear();
      turn = new Turn(new CountDownLatch(1), new CountDownLatch(1));
      return turn;
    }

    @WsHandler("slow")
    int handle(@Payload SlowRequest request) throws InterruptedException {
      handled.add(request.n());
      if (request.n() == 0) {
        turn.entered().countDown();
        turn.release().await(20, TimeUnit.SECONDS);
      }
      return request.n();
    }
  }

  @WsEndpoint("/loop")
  static class OnTheLoop {

    @WsHandler("n")
    String n(@Payload int n) {
      String thread = Thread.currentThread().getName();
      return n + " on " + thread.substring(0, thread.lastIndexOf('-'));
    }
  }

  /** Text messages the engine delivered to each endpoint path. */
  static final class ReceivedMessages {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void reset(String path) {
      counts.remove(path);
    }

    int on(String path) {
      AtomicInteger count = counts.get(path);
      return count == null ? 0 : count.get();
    }

    HandshakeDecision count(String path, HandshakeDecision decision) {
      if (!(decision instanceof HandshakeDecision.Accept accept)) {
        return decision;
      }
      AtomicInteger count = counts.computeIfAbsent(path, p -> new AtomicInteger());
      WsListener target = accept.listener();
      return HandshakeDecision.accept(new WsListener() {
        @Override
        public void onOpen(WsSession session) {
          target.onOpen(session);
        }

        @Override
        public void onTextBytes(WsSession session, ByteBuffer utf8) {
          count.incrementAndGet();
          target.onTextBytes(session, utf8);
        }

        @Override
        public void onBinary(WsSession session, ByteBuffer data) {
          target.onBinary(session, data);
        }

        @Override
        public void onPing(WsSession session, ByteBuffer payload) {
          target.onPing(session, payload);
        }

        @Override
        public void onPong(WsSession session, ByteBuffer payload) {
          target.onPong(session, payload);
        }

        @Override
        public void onClose(WsSession session, CloseStatus status) {
          target.onClose(session, status);
        }

        @Override
        public void onError(WsSession session, Throwable error) {
          target.onError(session, error);
        }
      }, accept.subprotocols(), accept.attributes());
    }
  }
}
