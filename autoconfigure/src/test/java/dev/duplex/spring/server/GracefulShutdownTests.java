package dev.duplex.spring.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** Closing the application context ends every session gracefully, in batches, with a hint when to come back. */
class GracefulShutdownTests {

  private static final Pattern RETRY_HINT = Pattern.compile("\\{\"retryAfterMs\":(\\d+)}");
  private static final Duration BATCH_INTERVAL = Duration.ofMillis(250);

  @AutoClose
  final WsTestClient client = new WsTestClient();

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void closeContexts() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void closingTheContextSendsEverySession1001WithARetryHintInBatches() throws Exception {
    ConfigurableApplicationContext context = start("duplex.shutdown.batch-size=2",
        "duplex.shutdown.batch-interval=" + BATCH_INTERVAL.toMillis() + "ms",
        "duplex.shutdown.reconnect-delay-min=1s", "duplex.shutdown.reconnect-delay-max=3s");
    DuplexServer server = context.getBean(DuplexServer.class);
    int port = server.port();
    List<TestSession> sessions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sessions.add(client.connect(port, "/hello"));
    }

    long stopBegan = System.nanoTime();
    context.close();

    List<Long> closedAfter = new ArrayList<>();
    for (TestSession session : sessions) {
      CloseStatus status = session.awaitClose();
      assertThat(status.code()).isEqualTo(CloseStatus.GOING_AWAY);
      assertThat(retryAfterMs(status)).isBetween(1000L, 3000L);
      closedAfter.add(session.closedAt() - stopBegan);
    }
    closedAfter.sort(null);
    for (int k = 0; k < closedAfter.size(); k++) {
      assertThat(closedAfter.get(k)).as("close of the %d. session, in batches of 2", k + 1)
          .isGreaterThanOrEqualTo((k / 2) * BATCH_INTERVAL.toNanos());
    }
    assertThat(server.isRunning()).isFalse();
    assertThat(server.port()).isEqualTo(-1);
  }

  @Test
  void aServiceRestartClosesWith1012AndTheConfiguredDelay() {
    ConfigurableApplicationContext context = start("duplex.shutdown.close-code=service-restart",
        "duplex.shutdown.reconnect-delay-min=2s", "duplex.shutdown.reconnect-delay-max=2s");
    int port = context.getBean(DuplexServer.class).port();
    TestSession first = client.connect(port, "/hello");
    TestSession second = client.connect(port, "/hello");

    context.close();

    assertThat(first.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.SERVICE_RESTART, "{\"retryAfterMs\":2000}"));
    assertThat(second.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.SERVICE_RESTART, "{\"retryAfterMs\":2000}"));
  }

  @Test
  void newConnectionsAreRefusedOnceStopBegins() throws Exception {
    ConfigurableApplicationContext context = start("duplex.shutdown.batch-size=1",
        "duplex.shutdown.batch-interval=1s");
    int port = context.getBean(DuplexServer.class).port();
    TestSession first = client.connect(port, "/hello");
    TestSession second = client.connect(port, "/hello");

    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> first.isClosed() || second.isClosed());
    assertThat(closing).as("stop is still closing sessions").isNotDone();

    assertThat(client.connectAsync(port, "/hello", ConnectOptions.defaults(), new TestSession()))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IOException.class);
    closing.get(30, TimeUnit.SECONDS);
  }

  @Test
  void thePortIsReleasedWhenTheContextIsClosed() throws Exception {
    ConfigurableApplicationContext context = start();
    int port = context.getBean(DuplexServer.class).port();
    client.connect(port, "/hello");
    assertThat(context.getEnvironment().getProperty("local.duplex.port", Integer.class)).isEqualTo(port);

    context.close();

    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  private static long retryAfterMs(CloseStatus status) {
    Matcher hint = RETRY_HINT.matcher(status.reason());
    assertThat(hint.matches()).as("close reason %s", status.reason()).isTrue();
    return Long.parseLong(hint.group(1));
  }

  private ConfigurableApplicationContext start(String... properties) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties("duplex.server.port=0", "duplex.server.address=127.0.0.1", "spring.main.banner-mode=off")
        .properties(properties)
        .run();
    contexts.add(context);
    return context;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Hello.class)
  static class App {
  }

  @WsEndpoint("/hello")
  static class Hello {

    @WsHandler("hello")
    String hello() {
      return "hello";
    }
  }
}
