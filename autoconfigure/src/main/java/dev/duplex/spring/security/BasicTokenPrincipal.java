package dev.duplex.spring.security;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The principal of a token-authenticated session when Spring Security is not on the class path.
 *
 * @param getName the subject
 */
public record BasicTokenPrincipal(String getName, Instant expiresAt, Set<String> authorityNames,
    Map<String, Object> claims) implements TokenPrincipal {

  public BasicTokenPrincipal(VerifiedToken token) {
    this(token.subject(), token.expiresAt(), token.authorities(), token.claims());
  }

  @Override
  public String toString() {
    return "BasicTokenPrincipal[" + getName + ", authorities=" + authorityNames + ", expiresAt=" + expiresAt + "]";
  }
}
