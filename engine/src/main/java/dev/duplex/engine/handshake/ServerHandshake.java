package dev.duplex.engine.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The server's side of the opening handshake: checks a request against
 * <a href="https://www.rfc-editor.org/rfc/rfc6455#section-4.2.1">RFC 6455 section 4.2.1</a> and computes what the
 * {@code 101} response of <a href="https://www.rfc-editor.org/rfc/rfc6455#section-4.2.2">section 4.2.2</a> needs.
 * The rules are checked in the order of section 4.2.1, and the first broken one decides the refusal.
 */
public final class ServerHandshake {

  /** The GUID that section 1.3 appends to the key, proving that the server read the handshake as WebSocket. */
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final String VERSION = "13";
  private static final int KEY_BYTES = 16;

  private ServerHandshake() {
  }

  /**
   * Checks that {@code request} is a valid opening handshake. A refusal carries its response:
   * <ul>
   *   <li>405 with {@code Allow: GET} for a method other than {@code GET};</li>
   *   <li>400 without exactly one {@code Host};</li>
   *   <li>426 with {@code Upgrade: websocket} when {@code Upgrade} does not name {@code websocket}, such as a
   *       plain HTTP request;</li>
   *   <li>400 when {@code Connection} does not name {@code Upgrade};</li>
   *   <li>400 without exactly one {@code Sec-WebSocket-Key} that is the base64 of 16 bytes;</li>
   *   <li>400 without {@code Sec-WebSocket-Version}; 426 with {@code Sec-WebSocket-Version: 13} when it is not
   *       exactly {@code 13}, so the client can retry with a version we speak (section 4.4);</li>
   *   <li>400 for a request with a body ({@code Transfer-Encoding}, or {@code Content-Length} other than 0): the
   *       bytes after the head are WebSocket frames, and a body would be read as frames.</li>
   * </ul>
   */
  public static Outcome validate(HandshakeRequest request) {
    HttpHeaders headers = request.headers();
    if (!request.method().equals("GET")) {
      return new Outcome.Invalid(
          HandshakeResponse.reject(405, "a WebSocket handshake must use GET").withHeader("Allow", "GET"));
    }
    if (headers.all("Host").size() != 1) {
      return invalid("a WebSocket handshake needs exactly one Host header");
    }
    if (!headers.containsToken("Upgrade", "websocket")) {
      return new Outcome.Invalid(upgradeRequired("this endpoint speaks WebSocket; send Upgrade: websocket"));
    }
    if (!headers.containsToken("Connection", "upgrade")) {
      return invalid("a WebSocket handshake needs Connection: Upgrade");
    }
    List<String> keys = headers.all("Sec-WebSocket-Key");
    if (keys.size() != 1 || !isKey(keys.get(0))) {
      return invalid("a WebSocket handshake needs one Sec-WebSocket-Key, the base64 of 16 bytes");
    }
    List<String> versions = headers.all("Sec-WebSocket-Version");
    if (versions.isEmpty()) {
      return invalid("a WebSocket handshake needs Sec-WebSocket-Version");
    }
    if (versions.size() != 1 || !versions.get(0).equals(VERSION)) {
      return new Outcome.Invalid(upgradeRequired("unsupported WebSocket version; this server speaks version 13"));
    }
    if (headers.contains("Transfer-Encoding") || headers.all("Content-Length").stream().anyMatch(v -> !v.equals("0"))) {
      return invalid("a WebSocket handshake must not have a body");
    }
    return new Outcome.Valid(keys.get(0), headers.tokens("Sec-WebSocket-Protocol"),
        ExtensionOffer.parse(headers.all("Sec-WebSocket-Extensions")));
  }

  /**
   * The subprotocol to answer with: the first one the client offered, in its order of preference, that the server
   * supports, compared exactly. Empty when there is none in common, in which case the response must not name a
   * subprotocol (RFC 6455 section 4.2.2).
   */
  public static Optional<String> selectSubprotocol(List<String> offered, List<String> supported) {
    return offered.stream().filter(supported::contains).findFirst();
  }

  /**
   * The {@code Sec-WebSocket-Accept} value for a client's key: base64 of the SHA-1 of the key followed by the
   * WebSocket GUID (RFC 6455 section 1.3). For the key {@code dGhlIHNhbXBsZSBub25jZQ==} it is
   * {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}.
   */
  public static String acceptKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
  }

  /** Padded base64 of exactly 16 bytes, in its one canonical spelling (section 4.1, item 7). */
  private static boolean isKey(String key) {
    try {
      byte[] decoded = Base64.getDecoder().decode(key);
      return decoded.length == KEY_BYTES && Base64.getEncoder().encodeToString(decoded).equals(key);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Outcome invalid(String message) {
    return new Outcome.Invalid(HandshakeResponse.reject(400, message));
  }

  /** 426 names the protocol to switch to (RFC 9110 section 15.5.22) and the version we speak (RFC 6455 4.4). */
  private static HandshakeResponse upgradeRequired(String message) {
    return HandshakeResponse.reject(426, message)
        .withHeader("Upgrade", "websocket")
        .withHeader("Connection", "Upgrade")
        .withHeader("Sec-WebSocket-Version", VERSION);
  }

  /** The verdict on a handshake request. */
  public sealed interface Outcome {

    /**
     * The request is a valid opening handshake.
     *
     * @param key the {@code Sec-WebSocket-Key}, for {@link #acceptKey}
     * @param offeredSubprotocols the {@code Sec-WebSocket-Protocol} elements in the client's order, for
     *     {@link #selectSubprotocol}
     * @param offeredExtensions the well-formed {@code Sec-WebSocket-Extensions} offers in the client's order
     */
    record Valid(String key, List<String> offeredSubprotocols, List<ExtensionOffer> offeredExtensions)
        implements Outcome {

      public Valid {
        offeredSubprotocols = List.copyOf(offeredSubprotocols);
        offeredExtensions = List.copyOf(offeredExtensions);
      }
    }

    /** The request is refused; send the response, then close the connection. */
    record Invalid(HandshakeResponse response) implements Outcome { }
  }
}
