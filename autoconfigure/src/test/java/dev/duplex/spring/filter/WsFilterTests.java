package dev.duplex.spring.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.JsonNode;

/** Application filters through the public SPI: what they see, their order, and each decision. */
@SpringBootTest(classes = WsFilterTests.App.class, properties = {"duplex.server.port=0",
    "duplex.server.address=127.0.0.1", "duplex.rate-limit.messages-per-second=0"})
class WsFilterTests {

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  App.Seen seen;

  @Autowired
  MeterRegistry meters;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void aFilterSeesEndpointTypeIdKindAndSizeBeforeTheHandler() {
    TestSession session = client.connect(port, "/chat");
    session.send("echo", "7", "hello");

    assertThat(session.nextEnvelope().path("data").asString()).isEqualTo("hello");
    WsInboundMessage message = seen.messages.get(seen.messages.size() - 1);
    assertThat(message.endpoint()).isEqualTo("/chat");
    assertThat(message.type()).isEqualTo("echo");
    assertThat(message.requestId()).isEqualTo("7");
    assertThat(message.kind()).isEqualTo(WsInboundMessage.Kind.TEXT);
    assertThat(message.size()).isEqualTo("{\"type\":\"echo\",\"id\":\"7\",\"data\":\"hello\"}".length());
    assertThat(message.clientAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(message.principal()).isNull();
  }

  @Test
  void aRejectionAnswersWithTheFiltersErrorAndKeepsTheSessionOpen() {
    TestSession session = client.connect(port, "/chat");
    session.send("forbidden", "1", "x");

    JsonNode error = session.nextEnvelope();
    assertThat(error.path("type").asString()).isEqualTo("error");
    assertThat(error.path("replyTo").asString()).isEqualTo("1");
    assertThat(error.path("data").path("code").asString()).isEqualTo("forbidden");
    assertThat(counter("forbidden-type", "reject")).isPositive();

    session.send("echo", "2", "still here");
    assertThat(session.nextEnvelope().path("data").asString()).isEqualTo("still here");
  }

  @Test
  void aCloseDecisionEndsTheSessionWithItsStatus() {
    TestSession session = client.connect(port, "/chat");
    session.send("bye", "1", "x");

    CloseStatus status = session.awaitClose();
    assertThat(status.code()).isEqualTo(4000);
    assertThat(status.reason()).isEqualTo("filtered");
    assertThat(counter("bye", "close")).isPositive();
  }

  @Test
  void filtersRunInOrderAndTheFirstDecisionEndsTheChain() {
    TestSession session = client.connect(port, "/chat");
    int before = seen.messages.size();
    session.send("forbidden", "1", "x");
    session.nextEnvelope();

    assertThat(seen.order.subList(seen.order.size() - 2, seen.order.size())).containsExactly("first", "second");
    assertThat(seen.messages).hasSize(before + 1);
  }

  @Test
  void aFilterThatThrowsRejectsTheMessageRatherThanLettingItThrough() {
    TestSession session = client.connect(port, "/chat");
    session.send("explode", "1", "x");

    JsonNode error = session.nextEnvelope();
    assertThat(error.path("data").path("code").asString()).isEqualTo("internal_error");
    assertThat(counter("filter_failed", "reject")).isPositive();
  }

  @Test
  void aFilterThatDoesNotApplyToAnEndpointNeverSeesItsMessages() {
    TestSession session = client.connect(port, "/unfiltered");
    int before = seen.messages.size();
    session.send("open", "1", "x");

    assertThat(session.nextEnvelope().path("data").asString()).isEqualTo("allowed here");
    assertThat(seen.messages).hasSize(before);
  }

  private double counter(String limit, String action) {
    Counter counter = meters.find("duplex.limit.rejections").tag("limit", limit).tag("action", action).counter();
    return counter == null ? 0 : counter.count();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({App.Chat.class, App.Unfiltered.class})
  static class App {

    /** What the filters saw, in order. */
    static class Seen {
      final List<WsInboundMessage> messages = new CopyOnWriteArrayList<>();
      final List<String> order = new CopyOnWriteArrayList<>();
    }

    @Bean
    Seen seen() {
      return new Seen();
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    @Order(2)
    WsFilter second(Seen seen) {
      return message -> {
        seen.order.add("second");
        return switch (String.valueOf(message.type())) {
          case "forbidden" -> WsFilterDecision.reject("forbidden-type", WsErrorReply.of("forbidden", "not here"));
          case "bye" -> WsFilterDecision.close("bye", CloseStatus.of(4000, "filtered"));
          case "explode" -> throw new IllegalStateException("broken filter");
          default -> WsFilterDecision.pass();
        };
      };
    }

    @Bean
    @Order(1)
    WsFilter first(Seen seen) {
      return new WsFilter() {
        @Override
        public WsFilterDecision filter(WsInboundMessage message) {
          seen.order.add("first");
          seen.messages.add(message);
          return WsFilterDecision.pass();
        }

        @Override
        public boolean appliesTo(String endpoint) {
          return endpoint.equals("/chat");
        }
      };
    }

    @WsEndpoint("/chat")
    static class Chat {

      @WsHandler("echo")
      public String echo(@Payload String text) {
        return text;
      }

      @WsHandler("forbidden")
      public String forbidden() {
        return "should not run";
      }

      @WsHandler("bye")
      public String bye() {
        return "should not run";
      }

      @WsHandler("explode")
      public String explode() {
        return "should not run";
      }
    }

    @WsEndpoint("/unfiltered")
    static class Unfiltered {

      @WsHandler("open")
      public String open() {
        return "allowed here";
      }
    }
  }
}
