package dev.duplex.engine.handshake;

import java.util.Objects;

/**
 * The head of the server's answer to an opening handshake, as {@link HttpResponseParser} read it.
 *
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param status the three-digit status code
 * @param reason the reason phrase, possibly empty; for people, never for decisions
 * @param headers the header fields, read-only
 */
public record HttpResponseHead(String version, int status, String reason, HttpHeaders headers) {

  public HttpResponseHead {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    headers = headers.readOnlyCopy();
  }
}
