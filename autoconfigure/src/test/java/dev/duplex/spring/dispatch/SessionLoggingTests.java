package dev.duplex.spring.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.metrics.ObservedApp;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Sessions opening and closing are logged at DEBUG, with the close code and the session in the MDC. */
class SessionLoggingTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1")
      .withUserConfiguration(ObservedApp.class);

  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger dispatch = (Logger) LoggerFactory.getLogger("dev.duplex.spring.dispatch");
  private Level level;

  @BeforeEach
  void capture() {
    level = dispatch.getLevel();
    dispatch.setLevel(Level.DEBUG);
    events.start();
    dispatch.addAppender(events);
  }

  @AfterEach
  void release() {
    dispatch.detachAppender(events);
    dispatch.setLevel(level);
  }

  @Test
  void openAndCloseAreLoggedWithTheCloseCodeTheSessionTheEndpointAndTheUser() {
    runner.run(context -> {
      int port = context.getBean(DuplexServer.class).port();
      try (DuplexTestClient alice = DuplexTestClient.connect(port, "/chat/lobby?user=alice")) {
        alice.request("chat.send", Map.of("text", "hi"));
        alice.session().close(CloseStatus.of(4000, "bye"));
        alice.awaitClose();
      }
      try (DuplexTestClient raw = DuplexTestClient.connect(port, "/raw")) {
        raw.sendText("x");
        raw.awaitText();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> closes().size() == 2);
      ILoggingEvent chat = closes().get(0);
      assertThat(chat.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(chat.getFormattedMessage()).contains("on /chat/{room} closed: 4000 bye");
      assertThat(chat.getMDCPropertyMap()).containsEntry("duplex.endpoint", "/chat/{room}")
          .containsEntry("duplex.user", "alice").containsKey("duplex.session");
      assertThat(closes().get(1).getFormattedMessage()).contains("on /raw closed: 1000");
      assertThat(events.list).filteredOn(event -> event.getFormattedMessage().contains(" opened on ")).hasSize(2);
      assertThat(events.list).noneMatch(event -> event.getFormattedMessage().contains("access_token"));
    });
  }

  private List<ILoggingEvent> closes() {
    return List.copyOf(events.list).stream().filter(event -> event.getFormattedMessage().contains(" closed: "))
        .toList();
  }
}
