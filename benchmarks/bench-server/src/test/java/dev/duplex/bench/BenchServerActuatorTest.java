package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.test.DuplexTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Duplex Actuator endpoint, health contributor and meters over real HTTP, as an operator sees them. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"duplex.server.port=0", "management.endpoint.health.show-details=always"})
class BenchServerActuatorTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort
  int httpPort;

  @Value("${local.duplex.port}")
  int wsPort;

  @Test
  void theDuplexEndpointListsEndpointsAndSessionsAndClosesOne() throws Exception {
    try (DuplexTestClient client = DuplexTestClient.connect(wsPort, "/echo")) {
      client.sendText("hello");
      assertThat(client.awaitText()).isEqualTo("hello");

      HttpResponse<String> duplex = send("GET", "/actuator/duplex");
      assertThat(duplex.statusCode()).isEqualTo(200);
      JsonNode state = JSON.readTree(duplex.body());
      assertThat(state.path("state").asString()).isEqualTo("running");
      assertThat(state.path("port").asInt()).isEqualTo(wsPort);
      assertThat(state.path("endpoints").toString()).contains(
          "{\"path\":\"/echo\",\"sessions\":1,\"dispatch\":\"executor\"}",
          "{\"path\":\"/broadcast\",\"sessions\":0,\"dispatch\":\"executor\"}",
          "{\"path\":\"/raw/echo\",\"sessions\":0,\"dispatch\":\"listener\"}");
      assertThat(state.at("/limits/maxMessageSize").asLong()).isEqualTo(16 << 20);

      JsonNode sessions = JSON.readTree(send("GET", "/actuator/duplex/sessions?limit=10").body());
      assertThat(sessions.path("total").asInt()).isEqualTo(1);
      JsonNode session = sessions.path("sessions").path(0);
      assertThat(session.path("endpoint").asString()).isEqualTo("/echo");
      assertThat(session.path("messagesReceived").asLong()).isEqualTo(1);
      assertThat(session.path("messagesSent").asLong()).isEqualTo(1);

      String id = session.path("id").asString();
      HttpResponse<String> closed = send("DELETE", "/actuator/duplex/sessions/" + id + "?reason=maintenance");
      assertThat(closed.statusCode()).isEqualTo(200);
      assertThat(client.awaitClose()).isEqualTo(CloseStatus.of(1008, "maintenance"));
      await().atMost(Duration.ofSeconds(10)).until(() -> send("DELETE", "/actuator/duplex/sessions/" + id)
          .statusCode() == 404);
    }
  }

  @Test
  void prometheusScrapesTheDuplexMetersAndHealthHasTheDuplexContributor() throws Exception {
    try (DuplexTestClient client = DuplexTestClient.connect(wsPort, "/echo")) {
      client.sendText("hello");
      client.awaitText();
      String scrape = send("GET", "/actuator/prometheus").body();
      assertThat(scrape).contains("duplex_connections_active{endpoint=\"/echo\"",
          "duplex_messages_received_total{endpoint=\"/echo\",type=\"raw\"",
          "duplex_messages_sent_total{endpoint=\"/echo\",type=\"raw\"",
          "duplex_handshakes_total{endpoint=\"/echo\",outcome=\"accepted\"",
          "duplex_handler_seconds_count{endpoint=\"/echo\",kind=\"message\",outcome=\"success\",type=\"raw\"");

      JsonNode health = JSON.readTree(send("GET", "/actuator/health/duplex").body());
      assertThat(health.path("status").asString()).isEqualTo("UP");
      assertThat(health.at("/components/server/details/state").asString()).isEqualTo("accepting");
      assertThat(health.at("/components/server/details/sessions").asLong()).isEqualTo(1);
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
