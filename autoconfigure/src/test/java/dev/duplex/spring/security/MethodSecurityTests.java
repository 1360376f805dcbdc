package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** The session's Authentication is the security context's while handlers run, so @PreAuthorize works. */
@SecuredApp.Test
class MethodSecurityTests {

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  SecurityStats stats;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void aPreAuthorizedHandlerRunsForAUserWithTheAuthority() {
    TestSession session = connect("/chat", Tokens.valid("alice", "ROLE_ADMIN"));

    session.send("admin.only", "1", null);

    JsonNode reply = session.nextEnvelope();
    assertThat(reply.path("type").asString()).isEqualTo("admin.only");
    assertThat(reply.path("data").asString()).isEqualTo("granted");
  }

  @Test
  void aDeniedCallIsAnsweredWithForbiddenAndTheSessionStaysOpen() {
    long denied = stats.count(SecurityStats.Event.ACCESS_DENIED);
    TestSession session = connect("/chat", Tokens.valid("bob", "ROLE_USER"));

    session.send("admin.only", "1", null);

    JsonNode error = session.nextEnvelope();
    assertThat(error.path("type").asString()).isEqualTo("error");
    assertThat(error.path("replyTo").asString()).isEqualTo("1");
    assertThat(error.path("data").path("code").asString()).isEqualTo("forbidden");
    assertThat(stats.count(SecurityStats.Event.ACCESS_DENIED)).isEqualTo(denied + 1);
    session.send("whoami", "2", null);
    assertThat(session.nextEnvelope().path("data").path("name").asString()).isEqualTo("bob");
    assertThat(session.isClosed()).isFalse();
  }

  @Test
  void anAnonymousSessionIsAnsweredWithUnauthorized() {
    TestSession session = client.connect(port, "/public");

    session.send("members.only", "1", null);

    JsonNode error = session.nextEnvelope();
    assertThat(error.path("data").path("code").asString()).isEqualTo("unauthorized");
    session.send("whoami", "2", null);
    assertThat(session.nextEnvelope().path("data").path("name").asString()).isEqualTo("anonymous");
  }

  @Test
  void theSecurityContextHoldsTheSessionsAuthenticationOnlyWhileItsHandlersRun() {
    TestSession alice = connect("/chat", Tokens.valid("alice"));
    TestSession anonymous = client.connect(port, "/public");

    alice.send("context", "1", null);
    assertThat(alice.nextEnvelope().path("data").asString()).isEqualTo("alice");
    for (int i = 0; i < 8; i++) {
      alice.send("context", "a" + i, null);
      anonymous.send("context", "b" + i, null);
      assertThat(alice.nextEnvelope().path("data").asString()).isEqualTo("alice");
      assertThat(anonymous.nextEnvelope().path("data").asString()).as("no authentication left behind")
          .isEqualTo("none");
    }
  }

  @Test
  void anAuthenticationParameterReceivesTheSessionsAuthentication() {
    TestSession session = connect("/chat", Tokens.valid("carol"));

    session.send("authentication", "1", null);

    assertThat(session.nextEnvelope().path("data").asString()).isEqualTo("carol");
  }

  private TestSession connect(String path, String token) {
    return client.connect(port, path, ConnectOptions.defaults().withHeader("Authorization", "Bearer " + token));
  }
}
