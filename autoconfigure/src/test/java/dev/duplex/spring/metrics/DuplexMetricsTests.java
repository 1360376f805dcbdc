package dev.duplex.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsHandshakeException;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.autoconfigure.DuplexMetricsAutoConfiguration;
import dev.duplex.spring.dispatch.SessionServices;
import dev.duplex.spring.observe.DuplexObserver;
import dev.duplex.spring.observe.EndpointObserver;
import dev.duplex.spring.observe.ObservedEndpoint;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

/** The Duplex meters after real traffic over sockets, and the conditions of their auto-configuration. */
class DuplexMetricsTests {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexMetricsAutoConfiguration.class,
          MetricsAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1")
      .withUserConfiguration(ObservedApp.class)
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  @Test
  void dispatchGaugesAreBackToZeroOnceTheExecutorIsIdleAndStayAtZeroOnTheLoop() {
    runner.run(DuplexMetricsTests::echoAndExpectIdleDispatch);
    runner.withPropertyValues("duplex.dispatch.mode=loop").run(DuplexMetricsTests::echoAndExpectIdleDispatch);
  }

  private static void echoAndExpectIdleDispatch(AssertableApplicationContext context) {
    MeterRegistry meters = context.getBean(MeterRegistry.class);
    try (DuplexTestClient echo = DuplexTestClient.connect(port(context), "/echo")) {
      echo.sendText("x");
      assertThat(echo.awaitText()).isEqualTo("x");
    }
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(meters.get("duplex.dispatch.waiting").gauge().value()).isZero();
      assertThat(meters.get("duplex.dispatch.runners").gauge().value()).isZero();
    });
  }

  @Test
  void sessionsAreCountedByEndpointAndClosedByCloseCode() {
    runner.run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      int port = port(context);
      try (DuplexTestClient lobby = DuplexTestClient.connect(port, "/chat/lobby");
          DuplexTestClient kitchen = DuplexTestClient.connect(port, "/chat/kitchen")) {
        lobby.request("chat.send", Map.of("text", "ready")); // the open handler has run
        kitchen.request("chat.send", Map.of("text", "ready"));
        assertThat(gauge(meters, "duplex.connections.active", "endpoint", ObservedApp.CHAT)).isEqualTo(2);
        assertThat(gauge(meters, "duplex.connections.active", "endpoint", "/echo")).isZero();
      }
      DuplexTestClient echo = DuplexTestClient.connect(port, "/echo");
      echo.session().close(CloseStatus.of(4001, "done"));
      echo.awaitClose();
      echo.close();

      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(gauge(meters, "duplex.connections.active", "endpoint", ObservedApp.CHAT)).isZero();
        assertThat(count(meters, "duplex.connections.closed", "endpoint", ObservedApp.CHAT, "code", "1000"))
            .isEqualTo(2);
        assertThat(count(meters, "duplex.connections.closed", "endpoint", "/echo", "code", "4001")).isEqualTo(1);
      });
      assertThat(count(meters, "duplex.connections.opened", "endpoint", ObservedApp.CHAT)).isEqualTo(2);
      assertThat(meters.get("duplex.connections.duration").tag("endpoint", ObservedApp.CHAT).timer().count())
          .isEqualTo(2);
    });
  }

  @Test
  void messagesAreCountedByEndpointAndRegisteredTypeOnly() {
    runner.run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      try (DuplexTestClient chat = DuplexTestClient.connect(port(context), "/chat/lobby")) {
        assertThat(chat.request("chat.send", Map.of("text", "hi")).path("type").asString()).isEqualTo("chat.send");
        assertThat(chat.request("made.up." + System.nanoTime(), Map.of()).path("type").asString())
            .isEqualTo("error");
        chat.sendText("{not json");
        assertThat(chat.awaitEnvelope("error").at("/data/code").asString()).isEqualTo("bad_json");
        assertThat(chat.request("chat.fail", Map.of("text", "x")).path("type").asString()).isEqualTo("error");
        chat.send("chat.push", Map.of("text", "pushed"));
        JsonNode pushed = chat.awaitEnvelope("chat.pushed");
        assertThat(pushed.at("/data/text").asString()).isEqualTo("pushed");
      }
      String chat = ObservedApp.CHAT;
      assertThat(count(meters, "duplex.messages.received", "endpoint", chat, "type", "chat.send")).isEqualTo(1);
      assertThat(count(meters, "duplex.messages.received", "endpoint", chat, "type", "chat.fail")).isEqualTo(1);
      assertThat(count(meters, "duplex.messages.received", "endpoint", chat, "type", "chat.push")).isEqualTo(1);
      assertThat(count(meters, "duplex.messages.received", "endpoint", chat, "type", "other"))
          .as("an unknown type and text that is no envelope").isEqualTo(2);
      assertThat(meters.find("duplex.messages.received").tag("type", t -> t.startsWith("made.up")).meters())
          .isEmpty();
      assertThat(count(meters, "duplex.messages.sent", "endpoint", chat, "type", "chat.send")).isEqualTo(1);
      assertThat(count(meters, "duplex.messages.sent", "endpoint", chat, "type", "chat.pushed")).isEqualTo(1);
      assertThat(count(meters, "duplex.messages.sent", "endpoint", chat, "type", "error")).isEqualTo(3);

      assertThat(meters.get("duplex.handler").tags("endpoint", chat, "kind", "message", "type", "chat.send",
          "outcome", "success").functionTimer().count()).isEqualTo(1);
      assertThat(meters.get("duplex.handler").tags("endpoint", chat, "kind", "message", "type", "chat.fail",
          "outcome", "error").functionTimer().count()).isEqualTo(1);
      assertThat(meters.get("duplex.handler").tags("endpoint", chat, "kind", "open", "type", "none",
          "outcome", "success").functionTimer().count()).isEqualTo(1);
      assertThat(meters.find("duplex.messages.size").meters()).as("off by default").isEmpty();
    });
  }

  @Test
  void rawMessagesAreCountedWithTheirSizesAndTheEnginesBytes() {
    runner.withPropertyValues("duplex.metrics.message-sizes=true").run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      try (DuplexTestClient echo = DuplexTestClient.connect(port(context), "/echo")) {
        echo.sendText("héllo😀");
        assertThat(echo.awaitText()).isEqualTo("héllo😀");
        echo.sendBinary(new byte[100]);
        assertThat(echo.awaitBinary()).hasSize(100);
      }
      assertThat(count(meters, "duplex.messages.received", "endpoint", "/echo", "type", "raw")).isEqualTo(2);
      assertThat(count(meters, "duplex.messages.sent", "endpoint", "/echo", "type", "raw")).isEqualTo(2);
      var in = meters.get("duplex.messages.size").tags("endpoint", "/echo", "direction", "in").summary();
      var out = meters.get("duplex.messages.size").tags("endpoint", "/echo", "direction", "out").summary();
      assertThat(in.count()).isEqualTo(2);
      assertThat(in.totalAmount()).as("10 bytes of UTF-8 and 100").isEqualTo(110);
      assertThat(out.totalAmount()).isEqualTo(110);
      assertThat(count(meters, "duplex.bytes", "direction", "in")).isGreaterThan(110);
      assertThat(count(meters, "duplex.bytes", "direction", "out")).isGreaterThan(110);
      assertThat(count(meters, "duplex.tcp.accepted")).isEqualTo(1);
    });
  }

  @Test
  void messagesOfAnEngineListenerEndpointAreCountedFromTheEngine() {
    runner.run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      try (DuplexTestClient raw = DuplexTestClient.connect(port(context), "/raw")) {
        raw.sendText("one");
        raw.sendText("two");
        assertThat(raw.awaitText()).isEqualTo("one");
        assertThat(raw.awaitText()).isEqualTo("two");
        assertThat(count(meters, "duplex.messages.received", "endpoint", "/raw", "type", "raw"))
            .isEqualTo(2);
        assertThat(gauge(meters, "duplex.connections.active", "endpoint", "/raw")).isEqualTo(1);
      }
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(gauge(meters, "duplex.connections.active", "endpoint", "/raw")).isZero());
      assertThat(count(meters, "duplex.messages.received", "endpoint", "/raw", "type", "raw"))
          .as("kept once the session closed").isEqualTo(2);
      assertThat(count(meters, "duplex.messages.sent", "endpoint", "/raw", "type", "raw")).isEqualTo(2);
    });
  }

  @Test
  void handshakesAreCountedByOutcomeFromTheRouterTheInterceptorsAndTheEngine() {
    runner.run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      int port = port(context);
      assertThatExceptionOfType(WsHandshakeException.class)
          .isThrownBy(() -> DuplexTestClient.connect(port, "/nowhere"))
          .satisfies(refused -> assertThat(refused.status()).isEqualTo(404));
      assertThatExceptionOfType(WsHandshakeException.class)
          .isThrownBy(() -> DuplexTestClient.connect(port, "/private"))
          .satisfies(refused -> assertThat(refused.status()).isEqualTo(401));
      DuplexTestClient.connect(port, "/private?key=open").close();
      assertThat(rawRequest(port, "NOT A REQUEST\r\n\r\n")).startsWith("HTTP/1.1 400");
      assertThat(rawRequest(port, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 426");

      assertThat(count(meters, "duplex.handshakes", "endpoint", "none", "outcome", "not_found")).isEqualTo(1);
      assertThat(count(meters, "duplex.handshakes", "endpoint", "/private", "outcome", "unauthorized"))
          .isEqualTo(1);
      assertThat(count(meters, "duplex.handshakes", "endpoint", "/private", "outcome", "accepted")).isEqualTo(1);
      assertThat(count(meters, "duplex.handshakes", "endpoint", "none", "outcome", "bad_request"))
          .isEqualTo(2);
      assertThat(count(meters, "duplex.handshakes", "endpoint", "none", "outcome", "timeout")).isZero();
      assertThat(count(meters, "duplex.handshakes", "endpoint", "none", "outcome", "tls")).isZero();
    });
  }

  @Test
  void framesAnEndpointDoesNotTakeAreProtocolErrorsByCloseCode() {
    runner.run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      try (DuplexTestClient chat = DuplexTestClient.connect(port(context), "/chat/lobby")) {
        chat.sendBinary(new byte[] {1, 2, 3});
        assertThat(chat.awaitClose().code()).isEqualTo(CloseStatus.UNSUPPORTED_DATA);
      }
      await().atMost(WAIT).untilAsserted(() -> assertThat(count(meters, "duplex.protocol.errors", "endpoint",
          ObservedApp.CHAT, "code", "1003")).isEqualTo(1));
      assertThat(count(meters, "duplex.connections.closed", "endpoint", ObservedApp.CHAT, "code", "1003"))
          .isEqualTo(1);
      assertThat(count(meters, "duplex.messages.received", "endpoint", ObservedApp.CHAT, "type", "other"))
          .isEqualTo(1);
    });
  }

  @Test
  void openEndedTagValuesAreBoundedPerEndpoint() {
    runner.withPropertyValues("duplex.metrics.max-tag-values=3").run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      EndpointObserver observer = context.getBean(DuplexMeterObserver.class)
          .endpoint(new ObservedEndpoint("/bounded", Set.of(), false));
      for (int i = 0; i < 10; i++) {
        observer.messageSent("type-" + i, 1);
      }
      assertThat(meters.find("duplex.messages.sent").tag("endpoint", "/bounded").functionCounters())
          .extracting(counter -> counter.getId().getTag("type"))
          .containsExactlyInAnyOrder("raw", "type-0", "type-1", "other");
      assertThat(count(meters, "duplex.messages.sent", "endpoint", "/bounded", "type", "other")).isEqualTo(8);
    });
  }

  @Test
  void aBadSettingStopsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.metrics.max-tag-values=0").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("duplex.metrics")
          .hasStackTraceContaining("maxTagValues").hasStackTraceContaining("must be positive, was 0");
    });
  }

  @Test
  void duplexMetricsCanBeSwitchedOff() {
    runner.withPropertyValues("duplex.metrics.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(DuplexMeterObserver.class)
          .doesNotHaveBean(DuplexServerMetrics.class).doesNotHaveBean(HandlerMetricsInterceptor.class);
      assertThat(context.getBean(SessionServices.class).observer())
          .isSameAs(DuplexObserver.NONE);
    });
  }

  @Test
  void withoutMicrometerTheServerRunsUninstrumented() {
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(DuplexMeterObserver.class)
          .doesNotHaveBean(HandlerMetricsInterceptor.class);
      try (DuplexTestClient echo = DuplexTestClient.connect(port(context), "/echo")) {
        echo.sendText("still works");
        assertThat(echo.awaitText()).isEqualTo("still works");
      }
    });
  }

  @Test
  void withoutAMeterRegistryNothingIsInstrumented() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexMetricsAutoConfiguration.class))
        .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DuplexMeterObserver.class)
            .doesNotHaveBean(DuplexServerMetrics.class));
  }

  @Test
  void anObserverOfTheApplicationBacksTheMetersOff() {
    DuplexMeterObserver mine = new DuplexMeterObserver(new SimpleMeterRegistry(), false, false, 5);
    runner.withBean("myObserver", DuplexMeterObserver.class, () -> mine).run(context -> {
      assertThat(context).getBean(DuplexMeterObserver.class).isSameAs(mine);
      assertThat(context.getBean(SessionServices.class).observer()).isSameAs(mine);
    });
  }

  static int port(AssertableApplicationContext context) {
    return context.getBean(DuplexServer.class).port();
  }

  /** The count of a counter or function counter. */
  static double count(MeterRegistry meters, String name, String... tags) {
    Meter meter = meters.get(name).tags(tags).meter();
    assertThat(meter).isInstanceOfAny(Counter.class, FunctionCounter.class);
    return meter.measure().iterator().next().getValue();
  }

  static double gauge(MeterRegistry meters, String name, String... tags) {
    return meters.get(name).tags(tags).gauge().value();
  }

  /** Sends {@code head} on a plain socket and returns the server's answer, up to the close. */
  static String rawRequest(int port, String head) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
