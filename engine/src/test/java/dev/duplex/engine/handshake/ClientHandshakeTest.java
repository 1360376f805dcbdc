package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Delivery.UNMASKED_HELLO;
import static dev.duplex.engine.handshake.Delivery.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.engine.handshake.ClientHandshake.Outcome;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHandshakeTest {

  private static final List<String> DEFLATE = List.of("permessage-deflate; client_max_window_bits");

  @Test
  void writesTheRequestOfRfc6455Section13() {
    ClientHandshake handshake = create("ws://server.example.com/chat", List.of("chat", "superchat"),
        new HttpHeaders().add("Origin", "http://example.com"), List.of());

    assertThat(text(handshake.requestBytes())).isEqualTo("""
        GET /chat HTTP/1.1\r
        Host: server.example.com\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Key: %s\r
        Sec-WebSocket-Version: 13\r
        Sec-WebSocket-Protocol: chat, superchat\r
        Origin: http://example.com\r
        \r
        """.formatted(handshake.key()));
  }

  @Test
  void offersExtensionsInOneField() {
    ClientHandshake handshake = create("ws://a/", List.of(), new HttpHeaders(),
        List.of("permessage-deflate; client_max_window_bits", "x-webkit-deflate-frame"));

    assertThat(text(handshake.requestBytes()))
        .contains("\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, "
            + "x-webkit-deflate-frame\r\n")
        .doesNotContain("Sec-WebSocket-Protocol");
  }

  @Test
  void usesAFreshKeyOf16RandomBytesForEachAttempt() {
    String first = create("ws://a/").key();
    String second = create("ws://a/").key();

    assertThat(Base64.getDecoder().decode(first)).hasSize(16);
    assertThat(first).hasSize(24).isNotEqualTo(second);
  }

  @ParameterizedTest(name = "{0} is sent with Host: {1}")
  @CsvSource({
      "ws://example.com/chat, example.com",
      "ws://example.com:80/chat, example.com",
      "ws://example.com:443/chat, example.com:443",
      "ws://example.com:8080/chat, example.com:8080",
      "wss://example.com/chat, example.com",
      "wss://example.com:443/chat, example.com",
      "wss://example.com:80/chat, example.com:80",
      "WSS://example.com:8443/chat, example.com:8443",
      "ws://127.0.0.1:9000/, 127.0.0.1:9000",
      "ws://[::1]:9000/, [::1]:9000",
      "ws://[::1]/, [::1]"})
  void leavesTheDefaultPortOutOfTheHost(String uri, String host) {
    assertThat(text(create(uri).requestBytes())).contains("\r\nHost: " + host + "\r\n");
  }

  @ParameterizedTest(name = "{0} is requested as {1}")
  @CsvSource({
      "ws://a, /",
      "ws://a/, /",
      "ws://a?x=1, /?x=1",
      "ws://a/chat/room?x=1&y=%20+z, /chat/room?x=1&y=%20+z",
      "ws://a/caf%C3%A9, /caf%C3%A9",
      "ws://a/caf\u00e9?q=\u20ac, /caf%C3%A9?q=%E2%82%AC"})
  void requestsThePathAndQueryEncoded(String uri, String target) {
    assertThat(text(create(uri).requestBytes())).startsWith("GET " + target + " HTTP/1.1\r\n");
  }

  @ParameterizedTest(name = "the URI {0} is refused")
  @ValueSource(strings = {"http://a/", "https://a/", "ftp://a/", "//a/chat", "/chat", "ws:opaque", "ws://a/#frag",
      "ws://user:secret@a/"})
  void refusesAUriThatIsNotAWebSocketUri(String uri) {
    assertThatIllegalArgumentException().isThrownBy(() -> create(uri));
  }

  @ParameterizedTest(name = "the subprotocols {0} are refused")
  @MethodSource("invalidSubprotocols")
  void refusesSubprotocolsThatAreNotDistinctTokens(List<String> subprotocols) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("ws://a/", subprotocols, new HttpHeaders(), List.of()));
  }

  static Stream<List<String>> invalidSubprotocols() {
    return Stream.of(List.of(""), List.of("a b"), List.of("chat, superchat"), List.of("chat", "chat"));
  }

  @ParameterizedTest(name = "the extension offer \"{0}\" is refused")
  @ValueSource(strings = {"", " ", "permessage-deflate; =1", "a, b;", "a\r\nX-Injected: 1"})
  void refusesAMalformedExtensionOffer(String offer) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create("ws://a/", List.of(), new HttpHeaders(), List.of(offer)));
  }

  @ParameterizedTest(name = "the extra header {0} is refused")
  @ValueSource(strings = {"Host", "upgrade", "Connection", "Sec-WebSocket-Key", "sec-websocket-version",
      "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"})
  void refusesExtraHeadersThatTheHandshakeSetsItself(String name) {
    HttpHeaders extra = new HttpHeaders().add(name, "x");

    assertThatIllegalArgumentException().isThrownBy(() -> create("ws://a/", List.of(), extra, List.of()));
  }

  @Test
  void givesAFreshBufferEachTime() {
    ClientHandshake handshake = create("ws://a/");
    ByteBuffer first = handshake.requestBytes();
    first.position(first.limit());

    assertThat(handshake.requestBytes().position()).isZero();
    assertThat(handshake.requestBytes().remaining()).isEqualTo(first.limit());
  }

  @Test
  void sendsARequestTheServerSideAccepts() {
    ClientHandshake handshake = create("wss://example.com:8443/chat?room=a", List.of("v2.json", "v1.json"),
        new HttpHeaders().add("Authorization", "Bearer t"), DEFLATE);
    ByteBuffer wire = handshake.requestBytes();

    HandshakeParser.Result parsed = new HandshakeParser(HandshakeLimits.defaults()).parse(wire);
    HandshakeRequest request = ((HandshakeParser.Result.Parsed) parsed).request();
    ServerHandshake.Outcome.Valid valid = (ServerHandshake.Outcome.Valid) ServerHandshake.validate(request);

    assertThat(wire.hasRemaining()).isFalse();
    assertThat(request.queryParameter("room")).isEqualTo("a");
    assertThat(request.headers().first("Authorization")).isEqualTo("Bearer t");
    assertThat(valid.key()).isEqualTo(handshake.key());
    assertThat(valid.offeredSubprotocols()).containsExactly("v2.json", "v1.json");
    assertThat(valid.offeredExtensions()).extracting(ExtensionOffer::toHeaderValue).isEqualTo(DEFLATE);
  }

  @Test
  void completesAHandshakeWithTheServerSideOverBytes() {
    ClientHandshake client = create("ws://a/chat", List.of("chat", "superchat"), new HttpHeaders(), DEFLATE);
    HandshakeRequest request = ((HandshakeParser.Result.Parsed) new HandshakeParser(HandshakeLimits.defaults())
        .parse(client.requestBytes())).request();
    ServerHandshake.Outcome.Valid valid = (ServerHandshake.Outcome.Valid) ServerHandshake.validate(request);
    String subprotocol =
        ServerHandshake.selectSubprotocol(valid.offeredSubprotocols(), List.of("superchat", "chat")).orElseThrow();
    HandshakeResponse response = HandshakeResponse.switchingProtocols(ServerHandshake.acceptKey(valid.key()),
        subprotocol, "permessage-deflate; client_max_window_bits=10");
    ByteBuffer wire = ByteBuffer.wrap(Delivery.concat(Delivery.array(response.toBytes()), UNMASKED_HELLO));

    HttpResponseParser.Result parsed = new HttpResponseParser(HandshakeLimits.defaults()).parse(wire);
    Outcome outcome = client.validate(((HttpResponseParser.Result.Parsed) parsed).head());

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Accepted.class, accepted -> {
      assertThat(accepted.subprotocol()).isEqualTo("chat");
      assertThat(accepted.extensions()).extracting(ExtensionOffer::toHeaderValue)
          .containsExactly("permessage-deflate; client_max_window_bits=10");
    });
    assertThat(wire.remaining()).isEqualTo(UNMASKED_HELLO.length);
  }

  @Test
  void acceptsAResponseThatSelectsNothing() {
    ClientHandshake client = create("ws://a/", List.of("chat"), new HttpHeaders(), DEFLATE);

    Outcome outcome = client.validate(accepting(client).build());

    assertThat(outcome).isEqualTo(new Outcome.Accepted(null, List.of()));
  }

  @Test
  void reportsTheStatusOfARefusal() {
    ClientHandshake client = create("ws://a/");

    Outcome outcome = client.validate(new HttpResponseHead("HTTP/1.1", 403, "Forbidden", new HttpHeaders()));

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
      assertThat(failed.status()).isEqualTo(403);
      assertThat(failed.message()).contains("403 Forbidden");
    });
  }

  static Stream<Arguments> wrongResponses() {
    return Stream.of(
        wrong("status 200", r -> r.status(200), 200),
        wrong("status 426", r -> r.status(426), 426),
        wrong("status 302", r -> r.status(302), 302),
        wrong("HTTP/1.0", r -> r.version("HTTP/1.0"), 101),
        wrong("no Upgrade", r -> r.without("Upgrade"), 101),
        wrong("Upgrade: h2c", r -> r.replacing("Upgrade", "h2c"), 101),
        wrong("no Connection", r -> r.without("Connection"), 101),
        wrong("Connection: keep-alive", r -> r.replacing("Connection", "keep-alive"), 101),
        wrong("no Sec-WebSocket-Accept", r -> r.without("Sec-WebSocket-Accept"), 101),
        wrong("the accept value of another key",
            r -> r.replacing("Sec-WebSocket-Accept", RequestBuilder.RFC_ACCEPT), 101),
        wrong("the key itself as accept value", r -> r.replacing("Sec-WebSocket-Accept", r.key), 101),
        wrong("the accept value twice",
            r -> r.with("Sec-WebSocket-Accept", ServerHandshake.acceptKey(r.key)), 101),
        wrong("a subprotocol not offered", r -> r.with("Sec-WebSocket-Protocol", "superchat"), 101),
        wrong("a subprotocol differing in case", r -> r.with("Sec-WebSocket-Protocol", "Chat"), 101),
        wrong("both offered subprotocols", r -> r.with("Sec-WebSocket-Protocol", "chat, v2"), 101),
        wrong("two subprotocol fields",
            r -> r.with("Sec-WebSocket-Protocol", "chat").with("Sec-WebSocket-Protocol", "v2"), 101),
        wrong("an extension not offered",
            r -> r.with("Sec-WebSocket-Extensions", "x-webkit-deflate-frame"), 101),
        wrong("a malformed extension",
            r -> r.with("Sec-WebSocket-Extensions", "permessage-deflate; =10"), 101));
  }

  @ParameterizedTest(name = "a response with {0} fails the handshake with status {2}")
  @MethodSource("wrongResponses")
  void failsOnAWrongResponse(String description, Function<ResponseBuilder, ResponseBuilder> variation, int status) {
    ClientHandshake client = create("ws://a/", List.of("chat", "v2"), new HttpHeaders(), DEFLATE);

    Outcome outcome = client.validate(variation.apply(accepting(client)).build());

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
      assertThat(failed.status()).isEqualTo(status);
      assertThat(failed.message()).isNotBlank();
    });
  }

  static Stream<Arguments> rightResponses() {
    return Stream.of(
        right("an offered subprotocol", r -> r.with("Sec-WebSocket-Protocol", "v2")),
        right("an offered extension with parameters",
            r -> r.with("Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover")),
        right("an offered extension named in another case",
            r -> r.with("Sec-WebSocket-Extensions", "Permessage-Deflate")),
        right("Upgrade: WebSocket in mixed case", r -> r.replacing("Upgrade", "WebSocket")),
        right("Connection: upgrade in lowercase", r -> r.replacing("Connection", "upgrade")),
        right("a reason phrase other than the usual", r -> r.reason("Web Socket Protocol Handshake")));
  }

  @ParameterizedTest(name = "a response with {0} is accepted")
  @MethodSource("rightResponses")
  void acceptsARightResponse(String description, Function<ResponseBuilder, ResponseBuilder> variation) {
    ClientHandshake client = create("ws://a/", List.of("chat", "v2"), new HttpHeaders(), DEFLATE);

    assertThat(client.validate(variation.apply(accepting(client)).build())).isInstanceOf(Outcome.Accepted.class);
  }

  @Test
  void showsItsRequestLineAndKey() {
    ClientHandshake handshake = create("ws://a/chat?x=1");

    assertThat(handshake).hasToString("ClientHandshake[GET /chat?x=1 HTTP/1.1, key=" + handshake.key() + "]");
  }

  private static ClientHandshake create(String uri) {
    return create(uri, List.of(), new HttpHeaders(), List.of());
  }

  private static ClientHandshake create(String uri, List<String> subprotocols, HttpHeaders extra,
      List<String> extensions) {
    return ClientHandshake.create(URI.create(uri), subprotocols, extra, extensions);
  }

  private static ResponseBuilder accepting(ClientHandshake client) {
    return new ResponseBuilder(client.key());
  }

  private static Arguments wrong(String description, Function<ResponseBuilder, ResponseBuilder> variation,
      int status) {
    return arguments(description, variation, status);
  }

  private static Arguments right(String description, Function<ResponseBuilder, ResponseBuilder> variation) {
    return arguments(description, variation);
  }

  /** A 101 that accepts the key and selects nothing, ready to break one rule at a time. */
  static final class ResponseBuilder {

    private final String key;
    private String version = "HTTP/1.1";
    private int status = 101;
    private String reason = "Switching Protocols";
    private final List<String[]> fields = new ArrayList<>();

    private ResponseBuilder(String key) {
      this.key = key;
      with("Upgrade", "websocket");
      with("Connection", "Upgrade");
      with("Sec-WebSocket-Accept", ServerHandshake.acceptKey(key));
    }

    ResponseBuilder version(String version) {
      this.version = version;
      return this;
    }

    ResponseBuilder status(int status) {
      this.status = status;
      return this;
    }

    ResponseBuilder reason(String reason) {
      this.reason = reason;
      return this;
    }

    ResponseBuilder with(String name, String value) {
      fields.add(new String[] {name, value});
      return this;
    }

    ResponseBuilder without(String name) {
      fields.removeIf(field -> field[0].equalsIgnoreCase(name));
      return this;
    }

    ResponseBuilder replacing(String name, String value) {
      return without(name).with(name, value);
    }

    HttpResponseHead build() {
      HttpHeaders headers = new HttpHeaders();
      fields.forEach(field -> headers.add(field[0], field[1]));
      return new HttpResponseHead(version, status, reason, headers);
    }
  }
}
