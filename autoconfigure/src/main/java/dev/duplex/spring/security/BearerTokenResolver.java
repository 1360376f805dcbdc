package dev.duplex.spring.security;

import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HttpHeaders;

/**
 * Finds the bearer token of an opening handshake in the enabled sources, in this order: {@code Authorization}
 * header, {@code Sec-WebSocket-Protocol}, {@code access_token} query parameter, cookie. The first source that holds
 * a non-empty token wins.
 */
public final class BearerTokenResolver {

  /**
   * Prefix of the {@code Sec-WebSocket-Protocol} entry that carries a token: a browser offers
   * {@code ["duplex.bearer", "access_token." + token]}, or its own subprotocol first instead of the marker.
   */
  public static final String SUBPROTOCOL_PREFIX = HandshakeRequest.ACCESS_TOKEN_PARAMETER + ".";

  /**
   * Subprotocol the server selects, when the client offers it, for a session whose token came in
   * {@code Sec-WebSocket-Protocol}; browsers fail a handshake whose offered subprotocols get no answer, and the
   * token entry itself is never echoed.
   */
  public static final String SUBPROTOCOL_MARKER = "duplex.bearer";

  private static final String BEARER = "Bearer";

  private final boolean header;
  private final boolean subprotocol;
  private final boolean query;
  private final String cookie;

  /**
   * @param cookie the name of the cookie to read, {@code null} to not read cookies
   */
  public BearerTokenResolver(boolean header, boolean subprotocol, boolean query, String cookie) {
    this.header = header;
    this.subprotocol = subprotocol;
    this.query = query;
    this.cookie = cookie;
  }

  /** A token and where it was. */
  public record Found(String token, TokenSource source) {

    @Override
    public String toString() {
      return "Found[" + source + "]";
    }
  }

  /** The token of the request, or {@code null} when no enabled source holds one. */
  public Found resolve(HandshakeRequest request) {
    HttpHeaders headers = request.headers();
    if (header) {
      String token = fromAuthorization(headers.first("Authorization"));
      if (token != null) {
        return new Found(token, TokenSource.HEADER);
      }
    }
    if (subprotocol) {
      for (String offered : headers.tokens("Sec-WebSocket-Protocol")) {
        if (offered.startsWith(SUBPROTOCOL_PREFIX) && offered.length() > SUBPROTOCOL_PREFIX.length()) {
          return new Found(offered.substring(SUBPROTOCOL_PREFIX.length()), TokenSource.SUBPROTOCOL);
        }
      }
    }
    if (query) {
      String token = request.queryParameter(HandshakeRequest.ACCESS_TOKEN_PARAMETER);
      if (token != null && !token.isBlank()) {
        return new Found(token.trim(), TokenSource.QUERY);
      }
    }
    if (cookie != null) {
      String token = fromCookies(headers);
      if (token != null) {
        return new Found(token, TokenSource.COOKIE);
      }
    }
    return null;
  }

  /** RFC 6750 section 2.1: {@code Bearer} (any case), whitespace, the token. Other schemes are ignored. */
  private static String fromAuthorization(String value) {
    if (value == null || value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !Character.isWhitespace(value.charAt(BEARER.length()))) {
      return null;
    }
    String token = value.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  /** RFC 6265 section 4.2.1: {@code name=value} pairs separated by semicolons; a quoted value loses its quotes. */
  private String fromCookies(HttpHeaders headers) {
    for (String line : headers.all("Cookie")) {
      for (String pair : line.split(";")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).trim().equals(cookie)) {
          String value = pair.substring(equals + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          if (!value.isEmpty()) {
            return value;
          }
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "BearerTokenResolver[header=" + header + ", subprotocol=" + subprotocol + ", query=" + query + ", cookie="
        + cookie + "]";
  }
}
