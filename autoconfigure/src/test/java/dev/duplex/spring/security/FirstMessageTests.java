package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** The first message as token source, for clients that must not put tokens in URLs. */
@SpringBootTest(classes = SecuredApp.class, properties = {
    "duplex.server.port=0",
    "duplex.server.address=127.0.0.1",
    "duplex.security.jwt.secret=" + Tokens.SECRET,
    "duplex.security.jwt.required=true",
    "duplex.security.jwt.issuer=" + Tokens.ISSUER,
    "duplex.security.jwt.first-message.enabled=true",
    "duplex.security.jwt.first-message.timeout=1s"})
class FirstMessageTests {

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  SecurityStats stats;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void aSessionOpenedWithoutATokenAuthenticatesWithItsFirstMessage() {
    TestSession session = client.connect(port, "/chat");

    session.send("auth", "a", Map.of("token", Tokens.valid("alice", "ROLE_USER")));

    JsonNode reply = session.nextEnvelope();
    assertThat(reply.path("type").asString()).isEqualTo("auth");
    assertThat(reply.path("replyTo").asString()).isEqualTo("a");
    assertThat(reply.path("data").path("subject").asString()).isEqualTo("alice");
    session.send("whoami", "w", null);
    JsonNode identity = session.nextEnvelope().path("data");
    assertThat(identity.path("name").asString()).isEqualTo("alice");
    assertThat(identity.path("type").asString()).isEqualTo("WsTokenAuthentication");
  }

  @Test
  void anyOtherFirstMessageClosesTheSessionWith1008() {
    long refused = stats.count(SecurityStats.Event.FIRST_MESSAGE_REFUSED);
    TestSession session = client.connect(port, "/chat");

    session.send("whoami", "w", null);

    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(1008, "authentication required"));
    assertThat(session.pendingTexts()).as("nothing reached the endpoint").isZero();
    assertThat(stats.count(SecurityStats.Event.FIRST_MESSAGE_REFUSED)).isEqualTo(refused + 1);
  }

  @Test
  void aBinaryFirstMessageClosesTheSessionWith1008() {
    TestSession session = client.connect(port, "/chat");

    session.sendBinary(new byte[] {1, 2, 3});

    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(1008, "authentication required"));
  }

  @Test
  void anInvalidFirstMessageTokenClosesTheSessionWith1008() {
    TestSession session = client.connect(port, "/chat");

    session.send("auth", "a", Map.of("token", Tokens.tampered(Tokens.valid("alice"))));

    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(1008, "invalid token"));
  }

  @Test
  void aFirstMessageTokenWithoutTheEndpointsAuthorityClosesTheSessionWith1008() {
    TestSession session = client.connect(port, "/admin");

    session.send("auth", "a", Map.of("token", Tokens.valid("alice", "ROLE_USER")));

    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(1008, "forbidden"));
  }

  @Test
  void aSilentSessionIsClosedAtTheDeadline() {
    TestSession session = client.connect(port, "/chat");

    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(1008, "authentication timeout"));
  }

  @Test
  void aHandshakeTokenStillWorks() {
    TestSession session = client.connect(port, "/chat",
        ConnectOptions.defaults().withHeader("Authorization", "Bearer " + Tokens.valid("bob")));

    session.send("whoami", "w", null);

    assertThat(session.nextEnvelope().path("data").path("name").asString()).isEqualTo("bob");
  }

  @Test
  void anEndpointThatOptsOutDoesNotWaitForAToken() {
    TestSession session = client.connect(port, "/public");

    session.send("whoami", "w", null);

    assertThat(session.nextEnvelope().path("data").path("name").asString()).isEqualTo("anonymous");
  }
}
