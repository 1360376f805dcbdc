package dev.duplex.spring.security;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Spring Security {@link org.springframework.security.core.Authentication} of a session that presented a valid
 * bearer token: the subject is the name and the principal, the authorities come from the configured claim, the
 * claims are the details. It holds no credentials: the token itself is not kept.
 *
 * <p>Handler parameters of type {@code Principal}, {@code Authentication} or this class receive it, and it is the
 * security context's authentication while handlers run, so {@code @PreAuthorize} works on them.
 */
public final class WsTokenAuthentication extends AbstractAuthenticationToken implements TokenPrincipal {

  private static final long serialVersionUID = 1L;

  private final String subject;
  private final Instant expiresAt;
  private final Set<String> authorityNames;
  private final transient Map<String, Object> claims;

  public WsTokenAuthentication(VerifiedToken token) {
    super(grantedAuthorities(token.authorities()));
    this.subject = token.subject();
    this.expiresAt = token.expiresAt();
    this.authorityNames = token.authorities();
    this.claims = token.claims();
    setDetails(claims);
    setAuthenticated(true);
  }

  private static Collection<GrantedAuthority> grantedAuthorities(Set<String> names) {
    return names.stream().sorted().<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
  }

  /** Always {@code null}: the token is not kept after verification. */
  @Override
  public Object getCredentials() {
    return null;
  }

  /** The subject. */
  @Override
  public Object getPrincipal() {
    return subject;
  }

  @Override
  public String getName() {
    return subject;
  }

  @Override
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public Set<String> authorityNames() {
    return authorityNames;
  }

  @Override
  public Map<String, Object> claims() {
    return claims;
  }

  @Override
  public String toString() {
    return "WsTokenAuthentication[" + subject + ", authorities=" + authorityNames + ", expiresAt=" + expiresAt + "]";
  }
}
