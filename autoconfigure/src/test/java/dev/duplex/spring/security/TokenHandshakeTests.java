package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.support.RawHandshake;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Bearer tokens at the handshake, end to end over real sockets: every refusal, every source. */
@SecuredApp.Test
@ExtendWith(OutputCaptureExtension.class)
class TokenHandshakeTests {

  private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  SecurityStats stats;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  // ---------------------------------------------------------------- refusals

  @Test
  void aHandshakeWithoutATokenIsRefusedWith401AndABearerChallenge() throws Exception {
    long before = stats.count(SecurityStats.Event.TOKEN_MISSING);

    RawHandshake.to(port, "/chat").send().assertRefused(401, "Bearer");

    assertThat(stats.count(SecurityStats.Event.TOKEN_MISSING)).isEqualTo(before + 1);
  }

  static Stream<Arguments> badTokens() {
    Instant now = Instant.now();
    return Stream.of(
        bad("alg none", TokenFailure.ALGORITHM, () -> Tokens.unsigned(Tokens.claims("alice"))),
        bad("RS256 where only HMAC is allowed", TokenFailure.ALGORITHM,
            () -> Tokens.claims("alice").signWith(Tokens.rsaKeyPair().getPrivate(), Jwts.SIG.RS256).compact()),
        bad("HS512, which the 320-bit secret cannot verify", TokenFailure.ALGORITHM,
            () -> Tokens.claims("alice").signWith(Keys.hmacShaKeyFor(new byte[64]), Jwts.SIG.HS512).compact()),
        bad("a changed signature", TokenFailure.BAD_SIGNATURE, () -> Tokens.tampered(Tokens.valid("alice"))),
        bad("another secret", TokenFailure.BAD_SIGNATURE,
            () -> Tokens.claims("alice").signWith(Keys.hmacShaKeyFor(new byte[32]), Jwts.SIG.HS256).compact()),
        bad("an expired token", TokenFailure.EXPIRED,
            () -> Tokens.sign(Tokens.claims("alice").expiration(Date.from(now.minusSeconds(5))))),
        bad("a token not valid yet", TokenFailure.NOT_YET_VALID,
            () -> Tokens.sign(Tokens.claims("alice").notBefore(Date.from(now.plusSeconds(60))))),
        bad("another issuer", TokenFailure.WRONG_ISSUER,
            () -> Tokens.sign(Tokens.claims("alice").issuer("https://evil.example"))),
        bad("another audience", TokenFailure.WRONG_AUDIENCE,
            () -> Tokens.sign(Jwts.builder().subject("alice").issuer(Tokens.ISSUER).audience().add("other").and()
                .expiration(Date.from(now.plusSeconds(600))))),
        bad("no subject", TokenFailure.MISSING_CLAIM,
            () -> Tokens.sign(Jwts.builder().issuer(Tokens.ISSUER).audience().add(Tokens.AUDIENCE).and()
                .expiration(Date.from(now.plusSeconds(600))))),
        bad("not a JWT", TokenFailure.MALFORMED, () -> "not-a-token"),
        bad("a header that is not JSON", TokenFailure.MALFORMED,
            () -> Tokens.base64Url("{\"alg\":") + "." + Tokens.base64Url("{}") + ".c2ln"),
        bad("a duplicate subject", TokenFailure.MALFORMED, () -> hs256(
            "{\"sub\":\"alice\",\"sub\":\"mallory\",\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"exp\":" + now.plusSeconds(600).getEpochSecond() + "}")));
  }

  private static Arguments bad(String description, TokenFailure failure, Supplier<String> token) {
    return Arguments.argumentSet(description, failure, token);
  }

  /** A correctly signed HS256 token with exactly this payload, duplicate members included. */
  private static String hs256(String payloadJson) {
    try {
      String signingInput = Tokens.base64Url("{\"alg\":\"HS256\"}") + "." + Tokens.base64Url(payloadJson);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("badTokens")
  void aBadTokenIsRefusedWith401InvalidTokenAndCountedByCause(TokenFailure failure, Supplier<String> token)
      throws Exception {
    long invalid = stats.count(SecurityStats.Event.TOKEN_INVALID);
    long byCause = stats.count(failure);

    RawHandshake.to(port, "/chat").header("Authorization", "Bearer " + token.get()).send()
        .assertRefused(401, INVALID_TOKEN);

    assertThat(stats.count(SecurityStats.Event.TOKEN_INVALID)).isEqualTo(invalid + 1);
    assertThat(stats.count(failure)).isEqualTo(byCause + 1);
  }

  @Test
  void aTokenWithoutAnAuthorityTheEndpointDemandsIsRefusedWith403() throws Exception {
    long before = stats.count(SecurityStats.Event.AUTHORITY_REFUSED);

    RawHandshake.to(port, "/admin").header("Authorization", "Bearer " + Tokens.valid("alice", "ROLE_USER")).send()
        .assertRefused(403, "Bearer error=\"insufficient_scope\"");

    assertThat(stats.count(SecurityStats.Event.AUTHORITY_REFUSED)).isEqualTo(before + 1);
  }

  @Test
  void aTokenWithOneOfTheDemandedAuthoritiesOpensTheSession() {
    TestSession session = connect("/admin", ConnectOptions.defaults()
        .withHeader("Authorization", "Bearer " + Tokens.valid("olga", "ops")));
    assertThat(whoami(session).path("name").asString()).isEqualTo("olga");
  }

  @Test
  void anEndpointThatOptsOutAcceptsAnonymousSessions() {
    TestSession session = connect("/public", ConnectOptions.defaults());
    assertThat(whoami(session).path("name").asString()).isEqualTo("anonymous");
  }

  @Test
  void anEndpointThatOptsOutStillRefusesABadToken() throws Exception {
    RawHandshake.to(port, "/public?access_token=" + Tokens.tampered(Tokens.valid("alice"))).send()
        .assertRefused(401, INVALID_TOKEN);
  }

  @Test
  void anEndpointThatOptsOutStillAuthenticatesAGoodToken() {
    TestSession session = connect("/public?access_token=" + Tokens.valid("alice"), ConnectOptions.defaults());
    assertThat(whoami(session).path("name").asString()).isEqualTo("alice");
  }

  // ---------------------------------------------------------------- sources

  @Test
  void theAuthorizationHeaderCarriesTheToken() {
    TestSession session = connect("/chat", ConnectOptions.defaults()
        .withHeader("Authorization", "Bearer " + Tokens.valid("alice", "ROLE_USER", "chat:write")));

    JsonNode identity = whoami(session);
    assertThat(identity.path("name").asString()).isEqualTo("alice");
    assertThat(identity.path("authorities").valueStream().map(JsonNode::asString).toList())
        .containsExactly("ROLE_USER", "chat:write");
    assertThat(identity.path("type").asString()).isEqualTo("WsTokenAuthentication");
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    TestSession session = connect("/chat", ConnectOptions.defaults()
        .withHeader("Authorization", "bearer " + Tokens.valid("alice")));
    assertThat(whoami(session).path("name").asString()).isEqualTo("alice");
  }

  @Test
  void theAccessTokenQueryParameterCarriesTheToken() {
    TestSession session = connect("/chat?access_token=" + Tokens.valid("bob"), ConnectOptions.defaults());
    assertThat(whoami(session).path("name").asString()).isEqualTo("bob");
  }

  @Test
  void theConfiguredCookieCarriesTheToken() {
    TestSession session = connect("/chat", ConnectOptions.defaults()
        .withHeader("Cookie", "theme=dark; session_token=" + Tokens.valid("carol") + "; lang=en"));
    assertThat(whoami(session).path("name").asString()).isEqualTo("carol");
  }

  @Test
  void aSubprotocolEntryCarriesTheTokenAndTheMarkerIsSelectedNotTheToken() {
    TestSession session = connect("/chat", ConnectOptions.defaults()
        .withSubprotocols(BearerTokenResolver.SUBPROTOCOL_MARKER, "access_token." + Tokens.valid("dave")));

    assertThat(whoami(session).path("name").asString()).isEqualTo("dave");
    assertThat(session.session().subprotocol()).contains("duplex.bearer");
  }

  @Test
  void theEndpointsOwnSubprotocolIsSelectedWhenTheClientOffersItFirst() {
    TestSession session = connect("/proto", ConnectOptions.defaults()
        .withSubprotocols("chat.v1", "access_token." + Tokens.valid("erin"), BearerTokenResolver.SUBPROTOCOL_MARKER));

    assertThat(whoami(session).path("name").asString()).isEqualTo("erin");
    assertThat(session.session().subprotocol()).contains("chat.v1");
  }

  @Test
  void theTokenEntryIsNeverEchoedAsTheSubprotocol() throws Exception {
    String token = Tokens.valid("frank");
    RawHandshake.Response response = RawHandshake.to(port, "/chat")
        .header("Sec-WebSocket-Protocol", "access_token." + token).send();

    assertThat(response.status()).isEqualTo(101);
    assertThat(response.header("Sec-WebSocket-Protocol")).isNull();
  }

  @Test
  void theHeaderWinsOverTheQueryParameter() {
    TestSession session = connect("/chat?access_token=" + Tokens.valid("query-user"), ConnectOptions.defaults()
        .withHeader("Authorization", "Bearer " + Tokens.valid("header-user")));
    assertThat(whoami(session).path("name").asString()).isEqualTo("header-user");
  }

  // ---------------------------------------------------------------- tokens stay out of logs

  @Test
  void neitherARefusedNorAnAcceptedTokenIsLogged(CapturedOutput output) throws Exception {
    String refused = Tokens.sign(Tokens.claims("alice").expiration(Date.from(Instant.now().minusSeconds(5))));
    String accepted = Tokens.valid("alice");

    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    logging.setLogLevel("dev.duplex", LogLevel.DEBUG);
    try {
      RawHandshake.to(port, "/chat?access_token=" + refused).send().assertRefused(401, INVALID_TOKEN);
      TestSession session = connect("/chat?access_token=" + accepted, ConnectOptions.defaults());
      whoami(session);
    } finally {
      logging.setLogLevel("dev.duplex", null);
    }

    assertThat(output.getAll()).contains("refused: invalid_token (401)").contains("expired")
        .doesNotContain(refused).doesNotContain(signature(refused)).doesNotContain(signature(accepted));
  }

  private static String signature(String token) {
    return token.substring(token.lastIndexOf('.') + 1);
  }

  // ---------------------------------------------------------------- helpers

  private TestSession connect(String target, ConnectOptions options) {
    return client.connect(port, target, options);
  }

  private static JsonNode whoami(TestSession session) {
    session.send("whoami", "w", null);
    JsonNode reply = session.nextEnvelope();
    assertThat(reply.path("type").asString()).as("reply %s", reply).isEqualTo("whoami");
    return reply.path("data");
  }
}
