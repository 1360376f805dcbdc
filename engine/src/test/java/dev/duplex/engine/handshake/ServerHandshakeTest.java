package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Delivery.bytes;
import static dev.duplex.engine.handshake.Delivery.text;
import static dev.duplex.engine.handshake.RequestBuilder.RFC_ACCEPT;
import static dev.duplex.engine.handshake.RequestBuilder.RFC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.engine.handshake.ServerHandshake.Outcome;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ServerHandshakeTest {

  @Test
  void computesTheAcceptValueOfRfc6455Section13() {
    assertThat(ServerHandshake.acceptKey(RFC_KEY)).isEqualTo(RFC_ACCEPT);
  }

  @Test
  void answersTheRfc6455Section13RequestWithTheRfcResponse() {
    ByteBuffer in = ByteBuffer.wrap(bytes("""
        GET /chat HTTP/1.1\r
        Host: server.example.com\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
        Origin: http://example.com\r
        Sec-WebSocket-Protocol: chat, superchat\r
        Sec-WebSocket-Version: 13\r
        \r
        """));
    HandshakeRequest request =
        ((HandshakeParser.Result.Parsed) new HandshakeParser(HandshakeLimits.defaults()).parse(in)).request();

    Outcome.Valid valid = (Outcome.Valid) ServerHandshake.validate(request);
    String subprotocol =
        ServerHandshake.selectSubprotocol(valid.offeredSubprotocols(), List.of("chat")).orElseThrow();
    HandshakeResponse response =
        HandshakeResponse.switchingProtocols(ServerHandshake.acceptKey(valid.key()), subprotocol, null);

    assertThat(text(response.toBytes())).isEqualTo("""
        HTTP/1.1 101 Switching Protocols\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
        Sec-WebSocket-Protocol: chat\r
        \r
        """);
  }

  @Test
  void givesTheKeyTheOfferedSubprotocolsAndTheOfferedExtensionsOfAValidRequest() {
    HandshakeRequest request = RequestBuilder.valid()
        .with("Sec-WebSocket-Protocol", "v2.json")
        .with("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits, x-unknown")
        .with("Sec-WebSocket-Extensions", "permessage-deflate")
        .build();

    Outcome.Valid valid = (Outcome.Valid) ServerHandshake.validate(request);

    assertThat(valid.key()).isEqualTo(RFC_KEY);
    assertThat(valid.offeredSubprotocols()).containsExactly("chat", "superchat", "v2.json");
    assertThat(valid.offeredExtensions()).extracting(ExtensionOffer::toHeaderValue)
        .containsExactly("permessage-deflate; client_max_window_bits", "x-unknown", "permessage-deflate");
  }

  @Test
  void offersNothingWhenTheClientOfferedNothing() {
    HandshakeRequest request =
        RequestBuilder.valid().without("Sec-WebSocket-Protocol").without("Sec-WebSocket-Extensions").build();

    Outcome.Valid valid = (Outcome.Valid) ServerHandshake.validate(request);

    assertThat(valid.offeredSubprotocols()).isEmpty();
    assertThat(valid.offeredExtensions()).isEmpty();
  }

  static Stream<Arguments> validVariations() {
    return Stream.of(
        valid("the RFC 6455 section 1.3 request", r -> r),
        valid("Upgrade: WebSocket in mixed case", r -> r.replacing("Upgrade", "WebSocket")),
        valid("Upgrade naming several protocols", r -> r.replacing("Upgrade", "h2c, websocket")),
        valid("Connection: keep-alive, Upgrade (Firefox)", r -> r.replacing("Connection", "keep-alive, Upgrade")),
        valid("Connection split over two fields",
            r -> r.replacing("Connection", "keep-alive").with("Connection", "upgrade")),
        valid("lowercase field names",
            r -> r.without("Host").with("host", "a").without("Upgrade").with("upgrade", "websocket")),
        valid("no Origin (a non-browser client)", r -> r.without("Origin")),
        valid("Content-Length: 0", r -> r.with("Content-Length", "0")),
        valid("a key of all zero bytes", r -> r.replacing("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")),
        valid("a key with + and /", r -> r.replacing("Sec-WebSocket-Key", "+/v7+/v7+/v7+/v7+/v7+w==")));
  }

  @ParameterizedTest(name = "a request with {0} is valid")
  @MethodSource("validVariations")
  void acceptsAValidRequest(String description, UnaryOperator<RequestBuilder> variation) {
    assertThat(ServerHandshake.validate(variation.apply(RequestBuilder.valid()).build()))
        .isInstanceOf(Outcome.Valid.class);
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        invalid("the method POST", r -> r.method("POST"), 405),
        invalid("the method HEAD", r -> r.method("HEAD"), 405),
        invalid("the method get in lowercase", r -> r.method("get"), 405),
        invalid("no Host", r -> r.without("Host"), 400),
        invalid("two Host fields", r -> r.with("Host", "other.example.com"), 400),
        invalid("no Upgrade", r -> r.without("Upgrade"), 426),
        invalid("Upgrade: h2c", r -> r.replacing("Upgrade", "h2c"), 426),
        invalid("Upgrade: websockets", r -> r.replacing("Upgrade", "websockets"), 426),
        invalid("an empty Upgrade", r -> r.replacing("Upgrade", ""), 426),
        invalid("no Connection", r -> r.without("Connection"), 400),
        invalid("Connection: keep-alive", r -> r.replacing("Connection", "keep-alive"), 400),
        invalid("Connection: close", r -> r.replacing("Connection", "close"), 400),
        invalid("Connection: upgraded", r -> r.replacing("Connection", "upgraded"), 400),
        invalid("no Sec-WebSocket-Key", r -> r.without("Sec-WebSocket-Key"), 400),
        invalid("two Sec-WebSocket-Key fields", r -> r.with("Sec-WebSocket-Key", RFC_KEY), 400),
        invalid("two keys in one field", r -> r.replacing("Sec-WebSocket-Key", RFC_KEY + ", " + RFC_KEY), 400),
        invalid("an empty key", r -> r.replacing("Sec-WebSocket-Key", ""), 400),
        invalid("a key of 15 bytes", r -> r.replacing("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA"), 400),
        invalid("a key of 17 bytes", r -> r.replacing("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA="), 400),
        invalid("a key without padding", r -> r.replacing("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ"), 400),
        invalid("a key in the URL-safe alphabet",
            r -> r.replacing("Sec-WebSocket-Key", "-_v7-_v7-_v7-_v7-_v7-w=="), 400),
        invalid("a key with stray bits", r -> r.replacing("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZR=="), 400),
        invalid("a key that is not base64", r -> r.replacing("Sec-WebSocket-Key", "not a base64 key at all!"), 400),
        invalid("a key of 16 characters", r -> r.replacing("Sec-WebSocket-Key", "0123456789abcdef"), 400),
        invalid("no Sec-WebSocket-Version", r -> r.without("Sec-WebSocket-Version"), 400),
        invalid("Sec-WebSocket-Version: 8", r -> r.replacing("Sec-WebSocket-Version", "8"), 426),
        invalid("Sec-WebSocket-Version: 14", r -> r.replacing("Sec-WebSocket-Version", "14"), 426),
        invalid("Sec-WebSocket-Version: 013", r -> r.replacing("Sec-WebSocket-Version", "013"), 426),
        invalid("Sec-WebSocket-Version: 13, 8", r -> r.replacing("Sec-WebSocket-Version", "13, 8"), 426),
        invalid("two Sec-WebSocket-Version fields", r -> r.with("Sec-WebSocket-Version", "13"), 426),
        invalid("an empty Sec-WebSocket-Version", r -> r.replacing("Sec-WebSocket-Version", ""), 426),
        invalid("Transfer-Encoding: chunked", r -> r.with("Transfer-Encoding", "chunked"), 400),
        invalid("Content-Length: 5", r -> r.with("Content-Length", "5"), 400));
  }

  @ParameterizedTest(name = "a request with {0} is refused with {2}")
  @MethodSource("invalidRequests")
  void refusesAnInvalidRequestWithItsStatus(String description, UnaryOperator<RequestBuilder> variation, int status) {
    Outcome outcome = ServerHandshake.validate(variation.apply(RequestBuilder.valid()).build());

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Invalid.class, invalid -> {
      assertThat(invalid.response().status()).isEqualTo(status);
      assertThat(invalid.response().body()).isNotEmpty();
    });
  }

  @Test
  void tellsWhichMethodIsAllowed() {
    HandshakeResponse response = refusal(RequestBuilder.valid().method("POST"));

    assertThat(response.headers().all("Allow")).containsExactly("GET");
  }

  @Test
  void asksAPlainHttpClientToUpgradeToWebSocket13() {
    HandshakeResponse response = refusal(RequestBuilder.valid().without("Upgrade"));

    assertThat(response.status()).isEqualTo(426);
    assertThat(response.headers().all("Upgrade")).containsExactly("websocket");
    assertThat(response.headers().containsToken("Connection", "Upgrade")).isTrue();
    assertThat(response.headers().all("Sec-WebSocket-Version")).containsExactly("13");
  }

  @Test
  void tellsAClientOfAnotherVersionWhichVersionItSpeaks() {
    HandshakeResponse response = refusal(RequestBuilder.valid().replacing("Sec-WebSocket-Version", "8"));

    assertThat(response.status()).isEqualTo(426);
    assertThat(response.headers().all("Sec-WebSocket-Version")).containsExactly("13");
  }

  @Test
  void skipsMalformedExtensionOffersWithoutRefusingTheHandshake() {
    HandshakeRequest request = RequestBuilder.valid()
        .with("Sec-WebSocket-Extensions", "permessage-deflate; =broken, permessage-deflate")
        .build();

    Outcome.Valid valid = (Outcome.Valid) ServerHandshake.validate(request);

    assertThat(valid.offeredExtensions()).extracting(ExtensionOffer::toHeaderValue)
        .containsExactly("permessage-deflate");
  }

  @ParameterizedTest(name = "offered [{0}] and supported [{1}] select \"{2}\"")
  @CsvSource(delimiter = '|', textBlock = """
      chat, superchat | superchat, chat | chat
      superchat, chat | chat, superchat | superchat
      x, mqtt, chat   | chat, mqtt      | mqtt
      chat            | superchat       | ''
      Chat            | chat            | ''
      ''              | chat            | ''
      chat            | ''              | ''
      """)
  void selectsTheFirstOfferedSubprotocolThatIsSupported(String offered, String supported, String selected) {
    assertThat(ServerHandshake.selectSubprotocol(list(offered), list(supported)).orElse("")).isEqualTo(selected);
  }

  private static HandshakeResponse refusal(RequestBuilder request) {
    return ((Outcome.Invalid) ServerHandshake.validate(request.build())).response();
  }

  private static List<String> list(String commaSeparated) {
    return commaSeparated.isEmpty() ? List.of() : Arrays.asList(commaSeparated.split(", "));
  }

  private static Arguments valid(String description, UnaryOperator<RequestBuilder> variation) {
    return arguments(description, variation);
  }

  private static Arguments invalid(String description, UnaryOperator<RequestBuilder> variation, int status) {
    return arguments(description, variation, status);
  }
}
