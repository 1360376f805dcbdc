package dev.duplex.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.autoconfigure.DuplexMetricsAutoConfiguration;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What Prometheus scrapes: every Duplex meter family, with consistent tags, after real traffic. */
class PrometheusScrapeTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexMetricsAutoConfiguration.class,
          MetricsAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1",
          "duplex.delivery.policies.ticker=volatile", "duplex.metrics.message-sizes=true")
      .withUserConfiguration(ObservedApp.class)
      .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  @Test
  void theScrapeHasEveryDuplexMeter() {
    runner.run(context -> {
      int port = context.getBean(DuplexServer.class).port();
      try (DuplexTestClient chat = DuplexTestClient.connect(port, "/chat/lobby");
          DuplexTestClient echo = DuplexTestClient.connect(port, "/echo");
          DuplexTestClient raw = DuplexTestClient.connect(port, "/raw")) {
        chat.request("chat.send", Map.of("text", "hi"));
        echo.sendText("hi");
        echo.awaitText();
        raw.sendText("hi");
        raw.awaitText();
        try {
          DuplexTestClient.connect(port, "/nowhere");
        } catch (RuntimeException refused) {
          // counted as not_found
        }
        String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
        assertThat(scrape)
            .contains("duplex_connections_active{endpoint=\"/chat/{room}\"} 1.0")
            .contains("duplex_connections_active{endpoint=\"/raw\"} 1.0")
            .contains("duplex_messages_received_total{endpoint=\"/chat/{room}\",type=\"chat.send\"} 1.0")
            .contains("duplex_messages_received_total{endpoint=\"/echo\",type=\"raw\"} 1.0")
            .contains("duplex_messages_received_total{endpoint=\"/raw\",type=\"raw\"} 1.0")
            .contains("duplex_messages_sent_total{endpoint=\"/chat/{room}\",type=\"chat.send\"} 1.0")
            .contains("duplex_messages_sent_total{endpoint=\"/raw\",type=\"raw\"} 1.0")
            .contains("duplex_handshakes_total{endpoint=\"/chat/{room}\",outcome=\"accepted\"} 1.0")
            .contains("duplex_handshakes_total{endpoint=\"none\",outcome=\"not_found\"} 1.0")
            .contains("duplex_handshakes_total{endpoint=\"none\",outcome=\"bad_request\"} 0.0")
            .contains("duplex_connections_opened_total{endpoint=\"/echo\"} 1.0")
            .contains("duplex_connections_duration_seconds_count{endpoint=\"/echo\"} 0")
            .contains("duplex_messages_size_bytes_count{direction=\"in\",endpoint=\"/echo\"} 1")
            .contains("duplex_handler_seconds_count{endpoint=\"/chat/{room}\",kind=\"message\",outcome=\"success\","
                + "type=\"chat.send\"} 1")
            .contains("duplex_bytes_total{direction=\"in\"}")
            .contains("duplex_bytes_total{direction=\"out\"}")
            .contains("duplex_tcp_accepted_total 4.0")
            .contains("duplex_slow_consumer_total{action=\"close\"} 0.0")
            .contains("duplex_messages_dropped_total{type=\"ticker\"} 0.0")
            .contains("duplex_outbound_queued_bytes ");
      }
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.find("duplex.connections.closed").counters()).isNotEmpty();
    });
  }

  @Test
  void withPercentileHistogramsHandlerTimersAndMessageSizesHaveBucketsAndAMaximum() {
    runner.withPropertyValues("duplex.metrics.percentile-histogram=true").run(context -> {
      try (DuplexTestClient echo = DuplexTestClient.connect(context.getBean(DuplexServer.class).port(), "/echo")) {
        echo.sendText("hi");
        echo.awaitText();
      }
      String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
      assertThat(scrape)
          .contains("duplex_handler_seconds_bucket{endpoint=\"/echo\",kind=\"message\",outcome=\"success\","
              + "type=\"raw\",le=")
          .contains("duplex_handler_seconds_max{endpoint=\"/echo\",kind=\"message\",outcome=\"success\","
              + "type=\"raw\"}")
          .contains("duplex_messages_size_bytes_bucket{direction=\"in\",endpoint=\"/echo\",le=")
          .contains("duplex_connections_duration_seconds_bucket{endpoint=\"/echo\",le=");
    });
  }
}
