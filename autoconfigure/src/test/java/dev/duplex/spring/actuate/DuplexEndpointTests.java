package dev.duplex.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.actuate.DuplexEndpoint.DuplexDescriptor;
import dev.duplex.spring.actuate.DuplexEndpoint.SessionDescriptor;
import dev.duplex.spring.actuate.DuplexEndpoint.SessionsDescriptor;
import dev.duplex.spring.autoconfigure.DuplexActuatorAutoConfiguration;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.metrics.ObservedApp;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code duplex} endpoint over real sessions: its JSON, the session list, and closing a session, through the
 * operations Actuator maps to HTTP (discovered as Actuator's web support discovers them).
 */
class DuplexEndpointTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexActuatorAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1",
          "management.endpoints.web.exposure.include=duplex", "duplex.actuator.top-rooms=2",
          "duplex.limits.max-message-size=2MB")
      .withUserConfiguration(ObservedApp.class);

  @Test
  void describesTheServerItsEndpointsTheLargestRoomsAndTheLimits() {
    runner.run(context -> {
      int port = port(context);
      try (DuplexTestClient a = joined(port, "/chat/lobby");
          DuplexTestClient b = joined(port, "/chat/lobby");
          DuplexTestClient c = joined(port, "/chat/kitchen");
          DuplexTestClient d = joined(port, "/chat/attic");
          DuplexTestClient echo = DuplexTestClient.connect(port, "/echo")) {
        DuplexDescriptor duplex = context.getBean(DuplexEndpoint.class).duplex();
        assertThat(duplex.state()).isEqualTo("running");
        assertThat(duplex.port()).isEqualTo(port);
        assertThat(duplex.nodeId()).isNotBlank();
        assertThat(duplex.sessions()).isEqualTo(5);

        JsonNode json = JsonMapper.builder().build().valueToTree(duplex);
        assertThat(json.path("endpoints").toString()).isEqualTo(
            "[{\"path\":\"/chat/{room}\",\"sessions\":4,\"dispatch\":\"executor\"},"
            + "{\"path\":\"/echo\",\"sessions\":1,\"dispatch\":\"executor\"},"
            + "{\"path\":\"/private\",\"sessions\":0,\"dispatch\":\"executor\"},"
            + "{\"path\":\"/raw\",\"sessions\":0,\"dispatch\":\"listener\"}]");
        assertThat(json.path("rooms").toString()).isEqualTo("{\"count\":3,\"largest\":[{\"name\":\"lobby\","
            + "\"members\":2},{\"name\":\"attic\",\"members\":1}]}");
        assertThat(json.at("/limits/maxMessageSize").asLong()).isEqualTo(2 << 20);
        assertThat(json.at("/limits/handshakeTimeout").asString()).isEqualTo("PT10S");
        assertThat(json.at("/limits/slowConsumerPolicy").asString()).isEqualTo("close");
        assertThat(json.at("/limits/dispatch").asString()).isEqualTo("executor");
        assertThat(json.at("/transport/handshakesAccepted").asLong()).isEqualTo(5);
        assertThat(json.at("/transport/bytesReceived").asLong()).isPositive();
      }
    });
  }

  @Test
  void listsSessionsOldestFirstAPageAtATimeWithoutSecrets() {
    runner.run(context -> {
      int port = port(context);
      try (DuplexTestClient alice = joined(port, "/chat/lobby?user=alice&access_token=secret");
          DuplexTestClient anonymous = DuplexTestClient.connect(port, "/echo");
          DuplexTestClient raw = DuplexTestClient.connect(port, "/raw")) {
        anonymous.sendText("hello");
        anonymous.awaitText();
        WebOperation sessions = operation(context, "GET", "duplex/{section}");
        SessionsDescriptor all = (SessionsDescriptor) sessions.invoke(invocation("section", "sessions"));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.limit()).isEqualTo(100);
        assertThat(all.sessions()).extracting(SessionDescriptor::endpoint)
            .containsExactly("/chat/{room}", "/echo", "/raw");

        SessionDescriptor first = all.sessions().get(0);
        assertThat(first.user()).isEqualTo("alice");
        assertThat(first.path()).isEqualTo("/chat/lobby");
        assertThat(first.rooms()).containsExactly("lobby");
        assertThat(first.remoteAddress()).startsWith("127.0.0.1:");
        assertThat(first.connectedAt()).isNotNull();
        assertThat(first.messagesReceived()).isEqualTo(1);
        assertThat(first.messagesSent()).isEqualTo(1);
        assertThat(first.bytesReceived()).isGreaterThan(first.bytesSent() / 10).isPositive();
        assertThat(JsonMapper.builder().build().writeValueAsString(all)).doesNotContain("secret");

        SessionDescriptor echo = all.sessions().get(1);
        assertThat(echo.user()).isNull();
        assertThat(echo.messagesReceived()).isEqualTo(1);

        SessionsDescriptor page = (SessionsDescriptor) sessions.invoke(invocation("section", "sessions",
            "offset", "1", "limit", "1"));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.sessions()).extracting(SessionDescriptor::id).containsExactly(echo.id());
        assertThat(((SessionsDescriptor) sessions.invoke(invocation("section", "sessions", "offset", "7")))
            .sessions()).isEmpty();
        assertThat(((SessionsDescriptor) sessions.invoke(invocation("section", "sessions", "limit", "100000")))
            .limit()).as("capped").isEqualTo(100);
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> sessions.invoke(invocation("section", "sessions", "offset", "-1")));
        assertThat(sessions.invoke(invocation("section", "rooms"))).as("not found").isNull();
      }
    });
  }

  @Test
  void deleteClosesASessionWith1008AndTheOperatorsReason() {
    runner.run(context -> {
      int port = port(context);
      try (DuplexTestClient spammer = joined(port, "/chat/lobby?user=spammer")) {
        String id = context.getBean(DuplexEndpoint.class).sessions("sessions", null, null).sessions().get(0).id();
        WebOperation delete = operation(context, "DELETE", "duplex/{section}/{id}");

        WebEndpointResponse<?> response = (WebEndpointResponse<?>) delete.invoke(invocation("section", "sessions",
            "id", id, "reason", "spam"));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().writeValueAsString(response.getBody()))
            .isEqualTo("{\"id\":\"" + id + "\",\"code\":1008,\"reason\":\"spam\"}");
        assertThat(spammer.awaitClose()).isEqualTo(CloseStatus.of(1008, "spam"));
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(DuplexEndpoint.class).duplex()
            .sessions() == 0);

        WebEndpointResponse<?> gone = (WebEndpointResponse<?>) delete.invoke(invocation("section", "sessions",
            "id", id));
        assertThat(gone.getStatus()).isEqualTo(404);
      }
      try (DuplexTestClient other = DuplexTestClient.connect(port, "/echo")) {
        String id = context.getBean(DuplexEndpoint.class).sessions("sessions", null, null).sessions().get(0).id();
        delete(context, id);
        assertThat(other.awaitClose()).isEqualTo(CloseStatus.of(1008, DuplexEndpoint.DEFAULT_CLOSE_REASON));
      }
    });
  }

  @Test
  void webOperationsAreTheDocumentedPaths() {
    runner.run(context -> assertThat(webEndpoint(context).getOperations())
        .extracting(operation -> operation.getRequestPredicate().getHttpMethod() + " "
            + operation.getRequestPredicate().getPath())
        .containsExactlyInAnyOrder("GET duplex", "GET duplex/{section}", "DELETE duplex/{section}/{id}"));
  }

  @Test
  void aStoppedServerIsDescribedAsStopped() {
    runner.run(context -> {
      context.getBean(DuplexServer.class).stop();
      DuplexDescriptor duplex = context.getBean(DuplexEndpoint.class).duplex();
      assertThat(duplex.state()).isEqualTo("stopped");
      assertThat(duplex.port()).isEqualTo(-1);
      assertThat(duplex.transport()).isNull();
      assertThat(context.getBean(DuplexEndpoint.class).sessions("sessions", null, null).total()).isZero();
    });
  }

  @Test
  void aBadSettingStopsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.actuator.sessions-page-size=0").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("duplex.actuator")
          .hasStackTraceContaining("sessionsPageSize").hasStackTraceContaining("must be positive, was 0");
    });
  }

  @Test
  void theEndpointExistsOnlyWhenExposed() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexActuatorAutoConfiguration.class))
        .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DuplexEndpoint.class)
            .doesNotHaveBean(DuplexEndpointWebExtension.class));
  }

  @Test
  void withoutActuatorThereIsNoEndpoint() {
    runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> assertThat(context)
        .hasNotFailed().doesNotHaveBean(DuplexEndpoint.class).hasSingleBean(DuplexServer.class));
  }

  private static DuplexTestClient joined(int port, String path) {
    DuplexTestClient client = DuplexTestClient.connect(port, path);
    client.request("chat.send", Map.of("text", "in")); // answered, so the open handler that joins has run
    return client;
  }

  private static void delete(AssertableApplicationContext context, String id) {
    WebEndpointResponse<?> response = (WebEndpointResponse<?>) operation(context, "DELETE", "duplex/{section}/{id}")
        .invoke(invocation("section", "sessions", "id", id));
    assertThat(response.getStatus()).isEqualTo(200);
  }

  private static int port(AssertableApplicationContext context) {
    return context.getBean(DuplexServer.class).port();
  }

  private static ExposableWebEndpoint webEndpoint(AssertableApplicationContext context) {
    WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(context, new ConversionServiceParameterValueMapper(),
        EndpointMediaTypes.DEFAULT, List.of(), List.of(), List.of(), List.of(), List.of());
    return discoverer.getEndpoints().stream().filter(endpoint -> endpoint.getEndpointId().toString()
        .equals("duplex")).findFirst().orElseThrow();
  }

  private static WebOperation operation(AssertableApplicationContext context, String method, String path) {
    return webEndpoint(context).getOperations().stream()
        .filter(operation -> operation.getRequestPredicate().getHttpMethod().name().equals(method)
            && operation.getRequestPredicate().getPath().equals(path))
        .findFirst().orElseThrow();
  }

  /** The arguments of an HTTP request: path variables and query parameters, as strings. */
  private static InvocationContext invocation(String... namesAndValues) {
    Map<String, Object> arguments = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      arguments.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new InvocationContext(SecurityContext.NONE, arguments);
  }
}
