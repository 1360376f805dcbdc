package dev.duplex.spring.security;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;

/** Tokens for tests, issued the way docs/security.md tells applications to issue them. */
final class Tokens {

  static final String SECRET = "duplex-test-secret-0123456789-abcdefghij";
  static final String ISSUER = "https://issuer.example";
  static final String AUDIENCE = "duplex-tests";

  static final SecretKey KEY = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));

  private Tokens() {
  }

  /** A builder for a token that the test server accepts: subject, issuer, audience, ten minutes of validity. */
  static JwtBuilder claims(String subject, String... authorities) {
    Instant now = Instant.now();
    return Jwts.builder()
        .subject(subject)
        .issuer(ISSUER)
        .audience().add(AUDIENCE).and()
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(Duration.ofMinutes(10))))
        .claim("authorities", List.of(authorities));
  }

  /** A valid HS256 token. */
  static String valid(String subject, String... authorities) {
    return sign(claims(subject, authorities));
  }

  /** A valid token that expires in {@code lifetime} (rounded down to whole seconds, as {@code exp} is). */
  static String expiringIn(Duration lifetime, String subject, String... authorities) {
    return sign(claims(subject, authorities).expiration(Date.from(Instant.now().plus(lifetime))));
  }

  static String sign(JwtBuilder builder) {
    return builder.signWith(KEY, Jwts.SIG.HS256).compact();
  }

  /** The token of {@code builder} with {@code alg: none} and no signature. */
  static String unsigned(JwtBuilder builder) {
    String signed = sign(builder);
    String payload = signed.substring(signed.indexOf('.') + 1, signed.lastIndexOf('.'));
    return base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
  }

  /** The token of {@code builder} with its last signature character changed. */
  static String tampered(String token) {
    char last = token.charAt(token.length() - 2);
    return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
  }

  static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static KeyPair rsaKeyPair() {
    return Jwts.SIG.RS256.keyPair().build();
  }

  static KeyPair ecKeyPair() {
    return Jwts.SIG.ES256.keyPair().build();
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
