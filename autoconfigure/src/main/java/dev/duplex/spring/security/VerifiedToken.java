package dev.duplex.spring.security;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link TokenVerifier} learned from a valid token. Never holds the token itself.
 *
 * @param subject the {@code sub} claim, the user's name
 * @param expiresAt the {@code exp} claim; {@code null} when the token has none
 * @param authorities the authorities it grants
 * @param claims every claim, read-only
 */
public record VerifiedToken(String subject, Instant expiresAt, Set<String> authorities, Map<String, Object> claims) {

  public VerifiedToken {
    Objects.requireNonNull(subject, "subject");
    authorities = Set.copyOf(authorities);
    claims = Map.copyOf(claims);
  }
}
