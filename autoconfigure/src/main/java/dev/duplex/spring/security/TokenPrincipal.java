package dev.duplex.spring.security;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The user of a session that presented a verified bearer token. With Spring Security on the class path the
 * principal is a {@link WsTokenAuthentication}, which implements this interface too.
 */
public interface TokenPrincipal extends Principal {

  /** The token's subject ({@code sub}). */
  @Override
  String getName();

  /** When the token expires ({@code exp}), or {@code null} for a token without expiry. */
  Instant expiresAt();

  /** The authorities the token grants, as read from the configured claim with the configured prefix. */
  Set<String> authorityNames();

  /** Every claim of the token, read-only. */
  Map<String, Object> claims();
}
