package dev.duplex.sample.chat;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs the tokens the socket is opened with, with the secret Duplex verifies them with
 * ({@code duplex.security.jwt.secret}), so the chat needs no identity provider.
 */
@Component
class TokenIssuer {

  static final String ISSUER = "duplex-chat";
  static final String AUDIENCE = "chat";

  private final SecretKey key;
  private final ChatProperties properties;
  private final Clock clock = Clock.systemUTC();

  TokenIssuer(@Value("${duplex.security.jwt.secret}") String secret, ChatProperties properties) {
    this.key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    this.properties = properties;
  }

  Issued issue(SignIn.Identity identity) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(properties.getTokenTtl());
    String token = Jwts.builder()
        .subject(identity.name())
        .issuer(ISSUER)
        .audience().add(AUDIENCE).and()
        .issuedAt(Date.from(now))
        .expiration(Date.from(expiresAt))
        .claim("authorities", List.of(identity.guest() ? "guest" : "member"))
        .signWith(key, Jwts.SIG.HS256)
        .compact();
    return new Issued(token, expiresAt);
  }

  record Issued(String token, Instant expiresAt) {
  }
}
