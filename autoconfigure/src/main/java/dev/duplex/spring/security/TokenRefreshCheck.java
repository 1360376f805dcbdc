package dev.duplex.spring.security;

import dev.duplex.engine.WsSession;

/**
 * An application's own check of an in-band token refresh, after Duplex verified the token, kept the subject and
 * checked the endpoint's authorities: a place to re-check room memberships (leave the rooms the refreshed token no
 * longer grants) or to refuse the refresh. Register as beans; every one must allow.
 *
 * <p>Called on the session's I/O thread, so it must not block.
 */
@FunctionalInterface
public interface TokenRefreshCheck {

  /**
   * @param session the session; a {@link dev.duplex.spring.session.DuplexSession} for annotated endpoints
   * @param current the principal until now
   * @param refreshed the principal the refresh would install
   * @return whether the refresh is accepted; when not, the client gets a {@code forbidden} error and the session
   *     keeps its current token until that expires
   */
  boolean allows(WsSession session, TokenPrincipal current, TokenPrincipal refreshed);
}
