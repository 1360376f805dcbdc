package dev.duplex.spring.security;

/** Where a client put its bearer token. Each source is switched on or off with {@code duplex.security.jwt.*}. */
public enum TokenSource {
  /** {@code Authorization: Bearer <token>}; for clients that can set headers. */
  HEADER,
  /**
   * An entry {@code access_token.<token>} of {@code Sec-WebSocket-Protocol}; for browsers, which cannot set
   * headers. Never selected as the subprotocol.
   */
  SUBPROTOCOL,
  /** The {@code access_token} query parameter; redacted wherever the request target is logged or shown. */
  QUERY,
  /** A cookie, named by {@code duplex.security.jwt.cookie.name}. */
  COOKIE,
  /** The first message of the session, {@code {"type":"auth","data":{"token":"..."}}}, within a deadline. */
  FIRST_MESSAGE
}
