package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

/** Started as the harness starts the jar: the HTTP server, for Actuator only, runs when a port is given. */
class ManagementHttpSwitchTest {

  @Test
  void withoutAManagementPortThereIsNoHttpServer() {
    try (ConfigurableApplicationContext context = run("--duplex.server.port=0")) {
      assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
      assertThat(context.getEnvironment().getProperty("local.duplex.port", Integer.class)).isPositive();
    }
  }

  @Test
  void aManagementPortServesActuatorAndPrometheusOnThatPortAlone() throws Exception {
    int managementPort = TestSocketUtils.findAvailableTcpPort();
    try (ConfigurableApplicationContext context = run("--duplex.server.port=0",
        "--management.server.port=" + managementPort)) {
      assertThat(context).isInstanceOf(WebServerApplicationContext.class);
      assertThat(((WebServerApplicationContext) context).getWebServer().getPort()).isEqualTo(managementPort);
      HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("jvm_memory_used_bytes");
      assertThat(get(managementPort, "/actuator/health").body()).contains("\"status\":\"UP\"");
    }
  }

  @Test
  void exposureFollowsManagementProperties() throws Exception {
    int managementPort = TestSocketUtils.findAvailableTcpPort();
    try (ConfigurableApplicationContext context = run("--duplex.server.port=0",
        "--management.server.port=" + managementPort, "--management.endpoints.web.exposure.include=health")) {
      assertThat(context.isRunning()).isTrue();
      assertThat(get(managementPort, "/actuator/prometheus").statusCode()).isEqualTo(404);
      assertThat(get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
    }
  }

  private static ConfigurableApplicationContext run(String... args) {
    return new SpringApplicationBuilder(BenchServerApplication.class).run(args);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
