package dev.duplex.engine;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The status that ends a WebSocket connection: a close code and a reason.
 *
 * <p>Codes follow <a href="https://www.rfc-editor.org/rfc/rfc6455#section-7.4">RFC 6455 section 7.4</a>.
 * Some codes ({@link #NO_STATUS_RECEIVED 1005}, {@link #ABNORMAL_CLOSURE 1006},
 * {@link #TLS_HANDSHAKE_FAILURE 1015}) are never sent on the wire; they only report what happened.
 *
 * @param code the close code
 * @param reason a short human-readable reason, never {@code null}; at most 123 bytes of UTF-8 on the wire
 */
public record CloseStatus(int code, String reason) {

  /** 1000: the purpose of the connection has been fulfilled. */
  public static final int NORMAL_CLOSURE = 1000;
  /** 1001: the endpoint is going away (server shutdown, page navigation). */
  public static final int GOING_AWAY = 1001;
  /** 1002: the peer violated the protocol. */
  public static final int PROTOCOL_ERROR = 1002;
  /** 1003: the endpoint cannot accept this type of data. */
  public static final int UNSUPPORTED_DATA = 1003;
  /** 1005: reported when a close frame carried no status code; never sent. */
  public static final int NO_STATUS_RECEIVED = 1005;
  /** 1006: reported when the connection ended without a close frame; never sent. */
  public static final int ABNORMAL_CLOSURE = 1006;
  /** 1007: a text message or close reason was not valid UTF-8. */
  public static final int INVALID_PAYLOAD = 1007;
  /** 1008: the message violates a policy of the endpoint. */
  public static final int POLICY_VIOLATION = 1008;
  /** 1009: a frame or message is larger than the endpoint accepts. */
  public static final int MESSAGE_TOO_BIG = 1009;
  /** 1010: the client expected an extension the server did not negotiate. */
  public static final int MANDATORY_EXTENSION = 1010;
  /** 1011: the server met an unexpected condition. */
  public static final int INTERNAL_ERROR = 1011;
  /** 1012: the server is restarting; the client may reconnect. */
  public static final int SERVICE_RESTART = 1012;
  /** 1013: the server is overloaded; the client should try again later. */
  public static final int TRY_AGAIN_LATER = 1013;
  /** 1015: reported when the TLS handshake failed; never sent. */
  public static final int TLS_HANDSHAKE_FAILURE = 1015;

  /** Longest reason, in UTF-8 bytes, that fits a close frame (125 bytes minus the 2-byte code). */
  public static final int MAX_REASON_BYTES = 123;

  public static final CloseStatus NORMAL = new CloseStatus(NORMAL_CLOSURE, "");
  public static final CloseStatus SHUTDOWN = new CloseStatus(GOING_AWAY, "server shutting down");
  public static final CloseStatus EMPTY = new CloseStatus(NO_STATUS_RECEIVED, "");
  public static final CloseStatus ABNORMAL = new CloseStatus(ABNORMAL_CLOSURE, "");

  public CloseStatus {
    Objects.requireNonNull(reason, "reason");
  }

  /** A status with an empty reason. */
  public static CloseStatus of(int code) {
    return new CloseStatus(code, "");
  }

  public static CloseStatus of(int code, String reason) {
    return new CloseStatus(code, reason == null ? "" : reason);
  }

  /**
   * A status whose reason is cut, on a character boundary, to the {@value #MAX_REASON_BYTES} bytes of UTF-8 a
   * close frame holds: for reasons built from text the application or a peer supplied.
   */
  public static CloseStatus truncating(int code, String reason) {
    byte[] utf8 = (reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_REASON_BYTES) {
      return of(code, reason);
    }
    int end = MAX_REASON_BYTES;
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--;
    }
    return new CloseStatus(code, new String(utf8, 0, end, StandardCharsets.UTF_8));
  }

  /**
   * Whether an endpoint may put this code in a close frame (RFC 6455 section 7.4): 1000-1003, 1007-1014 and
   * 3000-4999. Codes 1004, 1005, 1006 and 1015 are reserved and never sent; 1016-2999 are reserved for future
   * revisions of the protocol; anything else is out of range.
   */
  public static boolean isSendable(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  @Override
  public String toString() {
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }
}
