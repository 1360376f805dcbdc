package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.spring.security.jjwt.JjwtTokenVerifier;
import dev.duplex.spring.security.jjwt.PemPublicKeys;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JjwtTokenVerifierTests {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static JjwtTokenVerifier.Options options() {
    return new JjwtTokenVerifier.Options(Set.of(), null, List.of(), Duration.ZERO, false, "authorities", "",
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static JjwtTokenVerifier hmac() {
    return JjwtTokenVerifier.hmac(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), options());
  }

  private static io.jsonwebtoken.JwtBuilder at(String subject) {
    return Jwts.builder().subject(subject).expiration(Date.from(NOW.plusSeconds(60)));
  }

  @Test
  void aValidTokenGivesItsSubjectExpiryAuthoritiesAndClaims() throws Exception {
    VerifiedToken token = hmac().verify(Tokens.sign(at("alice").claim("authorities", List.of("a", "b"))
        .claim("tenant", "t1")));

    assertThat(token.subject()).isEqualTo("alice");
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(token.authorities()).containsExactlyInAnyOrder("a", "b");
    assertThat(token.claims()).containsEntry("tenant", "t1").containsEntry("sub", "alice");
  }

  @Test
  void authoritiesMayBeASpaceSeparatedScopeWithAPrefix() throws Exception {
    JjwtTokenVerifier verifier = JjwtTokenVerifier.hmac(Tokens.SECRET.getBytes(StandardCharsets.UTF_8),
        new JjwtTokenVerifier.Options(Set.of(), null, List.of(), Duration.ZERO, false, "scope", "SCOPE_",
            Clock.fixed(NOW, ZoneOffset.UTC)));

    VerifiedToken token = verifier.verify(Tokens.sign(at("alice").claim("scope", " chat:read  chat:write ")));

    assertThat(token.authorities()).containsExactlyInAnyOrder("SCOPE_chat:read", "SCOPE_chat:write");
  }

  @Test
  void theClockSkewIsToleratedOnExpiry() throws Exception {
    String expired = Tokens.sign(Jwts.builder().subject("alice").expiration(Date.from(NOW.minusSeconds(30))));
    assertThatThrownBy(() -> hmac().verify(expired)).isInstanceOfSatisfying(InvalidTokenException.class,
        e -> assertThat(e.failure()).isEqualTo(TokenFailure.EXPIRED));

    JjwtTokenVerifier lenient = JjwtTokenVerifier.hmac(Tokens.SECRET.getBytes(StandardCharsets.UTF_8),
        new JjwtTokenVerifier.Options(Set.of(), null, List.of(), Duration.ofMinutes(1), false, "authorities", "",
            Clock.fixed(NOW, ZoneOffset.UTC)));
    assertThat(lenient.verify(expired).subject()).isEqualTo("alice");
  }

  @Test
  void expiryIsOptionalUnlessRequired() throws Exception {
    String forever = Tokens.sign(Jwts.builder().subject("alice"));
    assertThat(hmac().verify(forever).expiresAt()).isNull();

    JjwtTokenVerifier strict = JjwtTokenVerifier.hmac(Tokens.SECRET.getBytes(StandardCharsets.UTF_8),
        new JjwtTokenVerifier.Options(Set.of(), null, List.of(), Duration.ZERO, true, "authorities", "",
            Clock.fixed(NOW, ZoneOffset.UTC)));
    assertFailure(strict, forever, TokenFailure.MISSING_CLAIM);
  }

  @Test
  void anyOfTheConfiguredAudiencesWillDo() throws Exception {
    JjwtTokenVerifier verifier = JjwtTokenVerifier.hmac(Tokens.SECRET.getBytes(StandardCharsets.UTF_8),
        new JjwtTokenVerifier.Options(Set.of(), "iss", List.of("a", "b"), Duration.ZERO, false, "authorities", "",
            Clock.fixed(NOW, ZoneOffset.UTC)));

    assertThat(verifier.verify(Tokens.sign(at("alice").issuer("iss").audience().add("b").add("c").and())).subject())
        .isEqualTo("alice");
    assertFailure(verifier, Tokens.sign(at("alice").issuer("iss")), TokenFailure.WRONG_AUDIENCE);
    assertFailure(verifier, Tokens.sign(at("alice").audience().add("a").and()), TokenFailure.WRONG_ISSUER);
  }

  @Test
  void compressedTokensAreRefused() {
    assertFailure(hmac(), Tokens.sign(at("alice").compressWith(Jwts.ZIP.DEF)), TokenFailure.MALFORMED);
  }

  @Test
  void rsaAndEcKeysFromPemVerifyTheirAlgorithmsOnly() throws Exception {
    KeyPair rsa = Tokens.rsaKeyPair();
    KeyPair ec = Tokens.ecKeyPair();
    JjwtTokenVerifier verifier = JjwtTokenVerifier.publicKeys(
        PemPublicKeys.parse(Tokens.pem(rsa.getPublic()) + Tokens.pem(ec.getPublic())), options());

    assertThat(verifier.algorithms()).containsExactlyInAnyOrder("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256");
    assertThat(verifier.verify(at("r").signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact()).subject())
        .isEqualTo("r");
    assertThat(verifier.verify(at("p").signWith(rsa.getPrivate(), Jwts.SIG.PS384).compact()).subject())
        .isEqualTo("p");
    assertThat(verifier.verify(at("e").signWith(ec.getPrivate(), Jwts.SIG.ES256).compact()).subject())
        .isEqualTo("e");
    assertFailure(verifier, Tokens.sign(at("h")), TokenFailure.ALGORITHM);
  }

  @Test
  void duringAKeyRotationEitherKeyVerifiesAndAnUnknownKeyDoesNot() throws Exception {
    KeyPair old = Tokens.rsaKeyPair();
    KeyPair current = Tokens.rsaKeyPair();
    JjwtTokenVerifier verifier = JjwtTokenVerifier.publicKeys(
        PemPublicKeys.parse(Tokens.pem(old.getPublic()) + "\n" + Tokens.pem(current.getPublic())), options());

    assertThat(verifier.verify(at("a").signWith(old.getPrivate(), Jwts.SIG.RS256).compact()).subject())
        .isEqualTo("a");
    assertThat(verifier.verify(at("b").signWith(current.getPrivate(), Jwts.SIG.RS256).compact()).subject())
        .isEqualTo("b");
    assertFailure(verifier, at("c").signWith(Tokens.rsaKeyPair().getPrivate(), Jwts.SIG.RS256).compact(),
        TokenFailure.BAD_SIGNATURE);
  }

  @Test
  void anAllowListNarrowsTheAlgorithms() throws Exception {
    KeyPair rsa = Tokens.rsaKeyPair();
    JjwtTokenVerifier verifier = JjwtTokenVerifier.publicKeys(List.of(rsa.getPublic()),
        new JjwtTokenVerifier.Options(Set.of("RS384"), null, List.of(), Duration.ZERO, false, "authorities", "",
            Clock.fixed(NOW, ZoneOffset.UTC)));

    assertThat(verifier.verify(at("a").signWith(rsa.getPrivate(), Jwts.SIG.RS384).compact()).subject())
        .isEqualTo("a");
    assertFailure(verifier, at("a").signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), TokenFailure.ALGORITHM);
  }

  @Test
  void weakSecretsAndAlgorithmsThatDoNotFitAreRefusedUpFront() {
    assertThatIllegalArgumentException().isThrownBy(() -> JjwtTokenVerifier.hmac(new byte[31], options()))
        .withMessageContaining("256 bits");
    assertThatIllegalArgumentException().isThrownBy(() -> JjwtTokenVerifier.hmac(new byte[32],
        new JjwtTokenVerifier.Options(Set.of("HS512"), null, List.of(), Duration.ZERO, false, "authorities", "",
            Clock.systemUTC()))).withMessageContaining("HS512");
  }

  @Test
  void pemTextWithoutAPublicKeyIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> PemPublicKeys.parse("hello"))
        .withMessageContaining("no PEM block");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PemPublicKeys.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .withMessageContaining("PRIVATE KEY is not supported");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PemPublicKeys.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
        .withMessageContaining("no RSA, EC or EdDSA key");
  }

  @Test
  void jjwtFindsDuplexsJacksonBindingOnItsOwn() {
    String token = Jwts.builder().subject("alice").signWith(Tokens.KEY).compact();

    assertThat(Jwts.parser().verifyWith(Tokens.KEY).build().parseSignedClaims(token).getPayload().getSubject())
        .isEqualTo("alice");
  }

  private static void assertFailure(JjwtTokenVerifier verifier, String token, TokenFailure failure) {
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class,
        e -> {
          assertThat(e.failure()).isEqualTo(failure);
          assertThat(e.getMessage()).doesNotContain(token);
        });
  }
}
