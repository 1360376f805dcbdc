package dev.duplex.spring.security;

import java.util.Arrays;
import java.util.Set;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What an endpoint demands of its sessions, from its {@link WsSecured} annotation or the global default.
 *
 * @param required whether a session needs a token
 * @param authorities of which the token must grant one; empty for any
 */
public record EndpointSecurity(boolean required, Set<String> authorities) {

  public EndpointSecurity {
    authorities = Set.copyOf(authorities);
  }

  /** The rules of an endpoint class: its {@code @WsSecured}, else {@code requiredByDefault} and no authorities. */
  public static EndpointSecurity of(Class<?> endpointType, boolean requiredByDefault) {
    WsSecured secured = endpointType == null ? null
        : AnnotatedElementUtils.findMergedAnnotation(endpointType, WsSecured.class);
    if (secured == null) {
      return new EndpointSecurity(requiredByDefault, Set.of());
    }
    Set<String> authorities = Set.copyOf(Arrays.asList(secured.authorities()));
    return new EndpointSecurity(secured.required() || !authorities.isEmpty(), authorities);
  }

  /** Whether a token granting {@code granted} may use the endpoint. */
  public boolean permits(Set<String> granted) {
    if (authorities.isEmpty()) {
      return true;
    }
    for (String authority : granted) {
      if (authorities.contains(authority)) {
        return true;
      }
    }
    return false;
  }
}
