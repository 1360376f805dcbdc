package dev.duplex.engine.handshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client's side of the opening handshake: the request of
 * <a href="https://www.rfc-editor.org/rfc/rfc6455#section-4.1">RFC 6455 section 4.1</a> and the checks the client
 * makes on the server's answer before it may send a frame. One instance serves one connection attempt, since each
 * attempt needs a fresh key.
 *
 * <p>Immutable.
 */
public final class ClientHandshake {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int KEY_BYTES = 16;
  private static final Set<String> HANDSHAKE_HEADERS = caseInsensitiveSet("Host", "Upgrade", "Connection",
      "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions");

  private final String key;
  private final byte[] request;
  private final List<String> subprotocols;
  private final Set<String> extensionNames;

  private ClientHandshake(String key, byte[] request, List<String> subprotocols, Set<String> extensionNames) {
    this.key = key;
    this.request = request;
    this.subprotocols = subprotocols;
    this.extensionNames = extensionNames;
  }

  /**
   * Prepares the handshake request for {@code uri}, with a fresh random key.
   *
   * @param uri a {@code ws} or {@code wss} URI with a host and no fragment (RFC 6455 section 3); user info is
   *     refused rather than dropped: send credentials with an {@code Authorization} header
   * @param subprotocols the subprotocols to offer, most preferred first: distinct tokens; may be empty
   * @param extraHeaders fields to send after the handshake's own, which they may not repeat ({@code Host},
   *     {@code Upgrade}, {@code Connection} and the {@code Sec-WebSocket-*} fields)
   * @param extensionOffers {@code Sec-WebSocket-Extensions} elements to offer, such as
   *     {@code permessage-deflate; client_max_window_bits}; may be empty
   * @throws IllegalArgumentException if any argument breaks these rules
   */
  public static ClientHandshake create(URI uri, List<String> subprotocols, HttpHeaders extraHeaders,
      List<String> extensionOffers) {
    String scheme = Objects.requireNonNull(uri, "uri").getScheme();
    boolean secure = "wss".equalsIgnoreCase(scheme);
    if (!secure && !"ws".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("a WebSocket URI has the scheme ws or wss: " + uri);
    }
    URI ascii = URI.create(uri.toASCIIString());
    if (ascii.getHost() == null) {
      throw new IllegalArgumentException("a WebSocket URI needs a host: " + uri);
    }
    if (ascii.getRawFragment() != null) {
      throw new IllegalArgumentException("a WebSocket URI has no fragment: " + uri);
    }
    if (ascii.getRawUserInfo() != null) {
      throw new IllegalArgumentException("user info in a WebSocket URI is not sent; use an Authorization header");
    }
    List<String> offeredSubprotocols = List.copyOf(subprotocols);
    if (offeredSubprotocols.stream().anyMatch(p -> !HttpSyntax.isToken(p))
        || new HashSet<>(offeredSubprotocols).size() != offeredSubprotocols.size()) {
      throw new IllegalArgumentException("subprotocols must be distinct tokens: " + offeredSubprotocols);
    }
    Set<String> extensionNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String offer : extensionOffers) {
      ExtensionListReader reader = ExtensionListReader.read(List.of(offer));
      if (reader.hasMalformed() || reader.offers().isEmpty()) {
        throw new IllegalArgumentException("malformed extension offer: " + offer);
      }
      reader.offers().forEach(o -> extensionNames.add(o.name()));
    }

    String key = newKey();
    HttpHeaders headers = new HttpHeaders()
        .add("Host", host(ascii, secure))
        .add("Upgrade", "websocket")
        .add("Connection", "Upgrade")
        .add("Sec-WebSocket-Key", key)
        .add("Sec-WebSocket-Version", "13");
    if (!offeredSubprotocols.isEmpty()) {
      headers.add("Sec-WebSocket-Protocol", String.join(", ", offeredSubprotocols));
    }
    if (!extensionOffers.isEmpty()) {
      headers.add("Sec-WebSocket-Extensions", String.join(", ", extensionOffers));
    }
    extraHeaders.forEach((name, value) -> {
      if (HANDSHAKE_HEADERS.contains(name)) {
        throw new IllegalArgumentException(name + " is set by the handshake itself");
      }
      headers.add(name, value);
    });

    String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
    StringBuilder head = new StringBuilder(256).append("GET ").append(path);
    if (ascii.getRawQuery() != null) {
      head.append('?').append(ascii.getRawQuery());
    }
    head.append(' ').append(HandshakeRequest.HTTP_1_1).append("\r\n");
    headers.writeTo(head);
    head.append("\r\n");
    byte[] request = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    return new ClientHandshake(key, request, offeredSubprotocols, extensionNames);
  }

  /** The {@code Sec-WebSocket-Key} of this attempt: base64 of 16 random bytes (RFC 6455 section 4.1, item 7). */
  public String key() {
    return key;
  }

  /** A new read-only buffer holding the request head, ready to write. */
  public ByteBuffer requestBytes() {
    return ByteBuffer.wrap(request).asReadOnlyBuffer();
  }

  /**
   * Checks the server's answer as RFC 6455 section 4.1 requires of the client: status 101 over HTTP/1.1,
   * {@code Upgrade: websocket}, {@code Connection: Upgrade}, {@code Sec-WebSocket-Accept} matching the key, no
   * subprotocol but one that was offered, no extension but those offered. Anything else fails the connection.
   */
  public Outcome validate(HttpResponseHead head) {
    if (head.status() != 101) {
      String reason = head.reason().isEmpty() ? "" : " " + head.reason();
      return new Outcome.Failed(head.status(), "the server refused the handshake with " + head.status() + reason);
    }
    HttpHeaders headers = head.headers();
    if (!head.version().equals(HandshakeRequest.HTTP_1_1)) {
      return failed("a 101 response must be HTTP/1.1");
    }
    if (!headers.containsToken("Upgrade", "websocket")) {
      return failed("the response lacks Upgrade: websocket");
    }
    if (!headers.containsToken("Connection", "upgrade")) {
      return failed("the response lacks Connection: Upgrade");
    }
    List<String> accepts = headers.all("Sec-WebSocket-Accept");
    if (accepts.size() != 1 || !accepts.get(0).equals(ServerHandshake.acceptKey(key))) {
      return failed("Sec-WebSocket-Accept does not match the key sent");
    }
    List<String> protocols = headers.all("Sec-WebSocket-Protocol");
    if (protocols.size() > 1 || (protocols.size() == 1 && !subprotocols.contains(protocols.get(0)))) {
      return failed("the server selected a subprotocol that was not offered");
    }
    ExtensionListReader extensions = ExtensionListReader.read(headers.all("Sec-WebSocket-Extensions"));
    if (extensions.hasMalformed()) {
      return failed("malformed Sec-WebSocket-Extensions in the response");
    }
    for (ExtensionOffer extension : extensions.offers()) {
      if (!extensionNames.contains(extension.name())) {
        return failed("the server accepted an extension that was not offered: " + extension.name());
      }
    }
    return new Outcome.Accepted(protocols.isEmpty() ? null : protocols.get(0), extensions.offers());
  }

  @Override
  public String toString() {
    String requestLine = new String(request, StandardCharsets.ISO_8859_1);
    return "ClientHandshake[" + requestLine.substring(0, requestLine.indexOf('\r')) + ", key=" + key + "]";
  }

  private static Outcome failed(String message) {
    return new Outcome.Failed(101, message);
  }

  private static String newKey() {
    byte[] nonce = new byte[KEY_BYTES];
    RANDOM.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  /** The port is left out when it is the scheme's default (RFC 6455 section 4.1, item 4). */
  private static String host(URI uri, boolean secure) {
    int port = uri.getPort();
    return port == -1 || port == (secure ? 443 : 80) ? uri.getHost() : uri.getHost() + ":" + port;
  }

  private static Set<String> caseInsensitiveSet(String... names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return set;
  }

  /** The verdict on the server's answer. */
  public sealed interface Outcome {

    /**
     * The server accepted: the connection is now a WebSocket.
     *
     * @param subprotocol the subprotocol the server selected, or {@code null} when it selected none
     * @param extensions the extensions in use, in the order the server listed them, with their parameters
     */
    record Accepted(String subprotocol, List<ExtensionOffer> extensions) implements Outcome {

      public Accepted {
        extensions = List.copyOf(extensions);
      }
    }

    /**
     * The handshake failed; close the connection without sending a frame.
     *
     * @param status the response status: the server's refusal, or 101 when the 101 response itself was wrong
     */
    record Failed(int status, String message) implements Outcome { }
  }
}
