package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the server answers to a handshake request: either the {@code 101 Switching Protocols} that opens the
 * WebSocket (<a href="https://www.rfc-editor.org/rfc/rfc6455#section-4.2.2">RFC 6455 section 4.2.2</a>) or a refusal
 * with a short plain-text body, after which the transport closes the connection.
 *
 * <p>Immutable; {@link #withHeader} returns a copy.
 */
public final class HandshakeResponse {

  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;

  private HandshakeResponse(int status, HttpHeaders headers, byte[] body) {
    this.status = status;
    this.headers = headers.readOnlyCopy();
    this.body = body;
  }

  /**
   * The response that completes the opening handshake.
   *
   * @param acceptValue {@link ServerHandshake#acceptKey} of the client's {@code Sec-WebSocket-Key}
   * @param subprotocol the subprotocol the server selected among those the client offered, or {@code null}
   * @param extensions the {@code Sec-WebSocket-Extensions} value of the extensions the server accepted, or
   *     {@code null}
   */
  public static HandshakeResponse switchingProtocols(String acceptValue, String subprotocol, String extensions) {
    HttpHeaders headers = new HttpHeaders()
        .add("Upgrade", "websocket")
        .add("Connection", "Upgrade")
        .add("Sec-WebSocket-Accept", Objects.requireNonNull(acceptValue, "acceptValue"));
    if (subprotocol != null) {
      headers.add("Sec-WebSocket-Protocol", subprotocol);
    }
    if (extensions != null) {
      headers.add("Sec-WebSocket-Extensions", extensions);
    }
    return new HandshakeResponse(101, headers, new byte[0]);
  }

  /**
   * A refusal: {@code status}, {@code message} as a UTF-8 plain-text body, and {@code Connection: close}, since no
   * WebSocket follows. Keep the message short and free of anything the client sent.
   *
   * @param status a client or server error, 400 to 599
   * @throws IllegalArgumentException if {@code status} is not an error status
   */
  public static HandshakeResponse reject(int status, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a refusal needs a status from 400 to 599, was " + status);
    }
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    HttpHeaders headers = new HttpHeaders()
        .add("Content-Type", "text/plain; charset=utf-8")
        .add("Content-Length", Integer.toString(body.length))
        .add("Connection", "close");
    return new HandshakeResponse(status, headers, body);
  }

  /**
   * A copy of this response with one more header field, such as {@code Sec-WebSocket-Version: 13} on a 426,
   * {@code Retry-After} on a 429 or 503, or {@code WWW-Authenticate} on a 401.
   *
   * @throws IllegalArgumentException if the name is not a token or the value holds a control character
   */
  public HandshakeResponse withHeader(String name, String value) {
    return new HandshakeResponse(status, headers.mutableCopy().add(name, value), body);
  }

  public int status() {
    return status;
  }

  /** The reason phrase sent after the status; empty for a status this class has no phrase for. */
  public String reason() {
    return reasonPhrase(status);
  }

  /** The header fields, read-only. */
  public HttpHeaders headers() {
    return headers;
  }

  /** A copy of the body; empty for {@code 101}. */
  public byte[] body() {
    return body.clone();
  }

  /** A new buffer, ready to write, holding the status line, the header fields, the empty line and the body. */
  public ByteBuffer toBytes() {
    StringBuilder head = new StringBuilder(160)
        .append(HandshakeRequest.HTTP_1_1).append(' ').append(status).append(' ').append(reason()).append("\r\n");
    headers.writeTo(head);
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    return ByteBuffer.allocate(headBytes.length + body.length).put(headBytes).put(body).flip();
  }

  @Override
  public String toString() {
    return "HandshakeResponse[" + status + " " + reason() + ", " + headers + "]";
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 101 -> "Switching Protocols";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 414 -> "URI Too Long";
      case 426 -> "Upgrade Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "";
    };
  }
}
