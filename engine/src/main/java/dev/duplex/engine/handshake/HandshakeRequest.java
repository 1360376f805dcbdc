package dev.duplex.engine.handshake;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The head of an HTTP/1.1 request that asks for a WebSocket, as {@link HandshakeParser} read it: method,
 * request-target, headers. Whether it is a valid opening handshake is for {@link ServerHandshake#validate} to
 * decide; this class only gives the parts a router, an interceptor or an authenticator looks at.
 *
 * <p>Immutable.
 */
public final class HandshakeRequest {

  static final String HTTP_1_1 = "HTTP/1.1";

  /** The query parameter that may carry a bearer token, redacted by {@link #redactedTarget()}. */
  public static final String ACCESS_TOKEN_PARAMETER = "access_token";

  private final String method;
  private final RequestTarget target;
  private final HttpHeaders headers;

  /**
   * A request built by hand, for tests and for callers that did not read it from bytes.
   *
   * @param target the request-target in origin-form, percent-encoded as on the wire, such as {@code /chat?room=a}
   * @throws IllegalArgumentException if {@code method} is not a token or {@code target} is not a decodable
   *     origin-form target
   */
  public HandshakeRequest(String method, String target, HttpHeaders headers) {
    this(method, RequestTarget.parse(Objects.requireNonNull(target, "target")), headers);
    if (!HttpSyntax.isToken(method)) {
      throw new IllegalArgumentException("method is not a token: \"" + method + "\"");
    }
  }

  HandshakeRequest(String method, RequestTarget target, HttpHeaders headers) {
    this.method = Objects.requireNonNull(method, "method");
    this.target = target;
    this.headers = headers.readOnlyCopy();
  }

  /** The method, case-sensitive as HTTP defines it; a handshake must use {@code GET}. */
  public String method() {
    return method;
  }

  /** The request-target as received, still percent-encoded. */
  public String target() {
    return target.raw();
  }

  /**
   * The request-target with the value of every {@value #ACCESS_TOKEN_PARAMETER} query parameter replaced by
   * {@code ***}: the form to log or show, since a bearer token in a URL must not end up in logs.
   */
  public String redactedTarget() {
    return target.redacted(ACCESS_TOKEN_PARAMETER);
  }

  /**
   * The path of the target, percent-decoded as UTF-8. An encoded slash ({@code %2F}) is decoded too; route on
   * {@link #target()} where that difference matters.
   */
  public String path() {
    return target.path();
  }

  /** The query of the target as received, without the {@code ?}; {@code null} when the target has none. */
  public String rawQuery() {
    return target.rawQuery();
  }

  /**
   * The query parameters in order of first appearance, decoded as {@code application/x-www-form-urlencoded}
   * ({@code +} is a space). A name without {@code =} has the empty value. Unmodifiable.
   */
  public Map<String, List<String>> queryParameters() {
    return target.queryParameters();
  }

  /** The first value of the query parameter {@code name}, or {@code null} if it is absent. */
  public String queryParameter(String name) {
    List<String> values = target.queryParameters().get(name);
    return values == null ? null : values.get(0);
  }

  /** Always {@code HTTP/1.1}: the parser refuses any other version, since the upgrade needs HTTP/1.1. */
  public String version() {
    return HTTP_1_1;
  }

  /** The header fields, read-only. */
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public String toString() {
    return method + " " + redactedTarget() + " " + HTTP_1_1 + " " + headers;
  }
}
