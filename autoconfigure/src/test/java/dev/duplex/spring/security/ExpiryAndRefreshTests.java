package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.support.Json;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** A session ends at its token's expiry unless the client refreshes the token in band. */
@SecuredApp.Test
class ExpiryAndRefreshTests {

  private static final Duration SHORT = Duration.ofSeconds(2);

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  SecurityStats stats;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void aSilentSessionIsClosedWith1008AtItsTokensExpiry() {
    long expired = stats.count(SecurityStats.Event.SESSION_EXPIRED);
    String token = Tokens.expiringIn(SHORT, "alice");
    Instant expiresAt = expiryOf(token);
    TestSession session = connect("/chat", token);

    CloseStatus status = session.awaitClose();

    assertThat(status).isEqualTo(CloseStatus.of(1008, "token expired"));
    assertThat(Instant.now()).as("closed at exp, not before").isAfterOrEqualTo(expiresAt);
    assertThat(stats.count(SecurityStats.Event.SESSION_EXPIRED)).isEqualTo(expired + 1);
  }

  @Test
  void aRefreshWithTheSameSubjectIsAnsweredAndKeepsTheSessionOpenPastTheOldExpiry() {
    String first = Tokens.expiringIn(SHORT, "alice", "ROLE_USER");
    Instant firstExpiry = expiryOf(first);
    TestSession session = connect("/chat", first);
    String second = Tokens.valid("alice", "ROLE_USER", "ROLE_ADMIN");

    session.send("auth.refresh", "r1", Map.of("token", second));

    JsonNode reply = session.nextEnvelope();
    assertThat(reply.path("type").asString()).isEqualTo("auth.refresh");
    assertThat(reply.path("replyTo").asString()).isEqualTo("r1");
    assertThat(reply.path("data").path("subject").asString()).isEqualTo("alice");
    assertThat(reply.path("data").path("expiresAt").asLong()).isEqualTo(expiryOf(second).getEpochSecond());

    await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(firstExpiry.plusMillis(500)));
    assertThat(session.isClosed()).as("closed at the old expiry").isFalse();
    session.send("whoami", "w", null);
    JsonNode identity = session.nextEnvelope().path("data");
    assertThat(identity.path("authorities").toString()).as("the refreshed authorities are in force")
        .contains("ROLE_ADMIN");
  }

  @Test
  void aRefreshWithAnotherSubjectIsRefusedAndTheSessionStillEndsAtItsExpiry() {
    TestSession session = connect("/chat", Tokens.expiringIn(SHORT, "alice"));
    long refused = stats.count(SecurityStats.Event.REFRESH_REFUSED);

    session.send("auth.refresh", "r2", Map.of("token", Tokens.valid("mallory")));

    assertError(session.nextEnvelope(), "r2", "forbidden");
    assertThat(stats.count(SecurityStats.Event.REFRESH_REFUSED)).isEqualTo(refused + 1);
    session.send("whoami", "w", null);
    assertThat(session.nextEnvelope().path("data").path("name").asString()).isEqualTo("alice");
    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(1008, "token expired"));
  }

  @Test
  void aRefreshWithAnExpiredTokenIsRefused() {
    TestSession session = connect("/chat", Tokens.valid("alice"));
    String stale = Tokens.sign(Tokens.claims("alice").expiration(Date.from(Instant.now().minusSeconds(5))));

    session.send("auth.refresh", "r3", Map.of("token", stale));

    JsonNode error = session.nextEnvelope();
    assertError(error, "r3", "invalid_token");
    assertThat(error.path("data").path("message").asString()).contains("expired").doesNotContain(stale);
  }

  @Test
  void aRefreshWithATamperedTokenIsRefused() {
    TestSession session = connect("/chat", Tokens.valid("alice"));

    session.send("auth.refresh", "r4", Map.of("token", Tokens.tampered(Tokens.valid("alice"))));

    assertError(session.nextEnvelope(), "r4", "invalid_token");
  }

  @Test
  void aRefreshChecksTheEndpointsAuthoritiesAgain() {
    TestSession session = connect("/admin", Tokens.valid("alice", "ROLE_ADMIN"));

    session.send("auth.refresh", "r5", Map.of("token", Tokens.valid("alice", "ROLE_USER")));

    assertError(session.nextEnvelope(), "r5", "forbidden");
  }

  @Test
  void aRefreshWithoutATokenIsABadRequest() {
    TestSession session = connect("/chat", Tokens.valid("alice"));

    session.send("auth.refresh", "r6", Map.of("jwt", "x"));

    assertError(session.nextEnvelope(), "r6", "bad_request");
  }

  @Test
  void otherMessagesMentioningTheRefreshTypeReachTheEndpoint() {
    TestSession session = connect("/chat", Tokens.valid("alice"));

    session.send("whoami", "w", Map.of("note", "auth.refresh"));

    assertThat(session.nextEnvelope().path("type").asString()).isEqualTo("whoami");
  }

  private static void assertError(JsonNode envelope, String replyTo, String code) {
    assertThat(envelope.path("type").asString()).as("%s", envelope).isEqualTo("error");
    assertThat(envelope.path("replyTo").asString()).isEqualTo(replyTo);
    assertThat(envelope.path("data").path("code").asString()).isEqualTo(code);
  }

  private TestSession connect(String path, String token) {
    return client.connect(port, path, ConnectOptions.defaults().withHeader("Authorization", "Bearer " + token));
  }

  /** The exp of a token of ours, read without verifying it. */
  static Instant expiryOf(String token) {
    String payload = token.split("\\.")[1];
    JsonNode claims = Json.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    return Instant.ofEpochSecond(claims.path("exp").asLong());
  }
}
