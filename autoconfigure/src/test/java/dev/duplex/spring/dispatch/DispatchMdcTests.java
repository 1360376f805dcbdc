package dev.duplex.spring.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import dev.duplex.spring.metrics.ObservedApp;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.test.DuplexTestClient;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Handlers run with their own session in the MDC in both dispatch modes, and nothing of it is left on the thread
 * for other connections once their batch is done: with one event loop, an engine listener on the same loop sees an
 * empty MDC right after an annotated handler ran there.
 */
class DispatchMdcTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1", "duplex.server.io-threads=1")
      .withUserConfiguration(App.class);

  @ParameterizedTest
  @ValueSource(strings = {"loop", "executor"})
  void eachHandlerSeesItsSessionAndTheLoopKeepsNone(String mode) {
    runner.withPropertyValues("duplex.dispatch.mode=" + mode).run(context -> {
      int port = context.getBean(DuplexServer.class).port();
      try (DuplexTestClient alice = DuplexTestClient.connect(port, "/who?user=alice");
          DuplexTestClient anonymous = DuplexTestClient.connect(port, "/who");
          DuplexTestClient peek = DuplexTestClient.connect(port, "/peek")) {
        for (int round = 0; round < 3; round++) {
          alice.sendText("a");
          alice.sendText("b");
          assertThat(alice.awaitText()).matches("[^|]+\\|alice");
          assertThat(alice.awaitText()).matches("[^|]+\\|alice");
          anonymous.sendText("c");
          assertThat(anonymous.awaitText()).matches("[^|]+\\|null").isNotEqualTo(alice.session().id());
          peek.sendText("?");
          assertThat(peek.awaitText()).isEqualTo("null|null");
        }
      }
    });
  }

  @Configuration(proxyBeanMethods = false)
  @Import({WhoEndpoint.class, PeekEndpoint.class})
  static class App {

    @Bean
    WsHandshakeInterceptor userFromQuery() {
      return ObservedApp.userFromQueryParameter();
    }
  }

  /** Answers with the session and user in the MDC while the handler runs. */
  @WsEndpoint("/who")
  static class WhoEndpoint {

    @WsHandler
    String text(String message, DuplexSession session) {
      String id = MDC.get(SessionMdc.SESSION);
      assertThat(id).isEqualTo(session.id());
      return id + "|" + MDC.get(SessionMdc.USER);
    }
  }

  /** Answers, on the event loop, with what the MDC holds there. */
  @WsEndpoint("/peek")
  static class PeekEndpoint implements WsListener {

    @Override
    public void onTextBytes(WsSession session, ByteBuffer utf8) {
      session.sendText(MDC.get(SessionMdc.SESSION) + "|" + MDC.get(SessionMdc.USER));
    }
  }
}
