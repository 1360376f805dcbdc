package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Delivery.fields;
import static dev.duplex.engine.handshake.Delivery.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeResponseTest {

  @Test
  void writesTheSwitchingProtocolsResponseOfRfc6455Section13() {
    HandshakeResponse response = HandshakeResponse.switchingProtocols("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "chat", null);

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
  void namesNeitherSubprotocolNorExtensionsWhenNoneWasSelected() {
    HandshakeResponse response = HandshakeResponse.switchingProtocols("accept", null, null);

    assertThat(fields(response.headers()))
        .containsExactly("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: accept");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void namesTheAcceptedExtensions() {
    HandshakeResponse response =
        HandshakeResponse.switchingProtocols("accept", null, "permessage-deflate; server_no_context_takeover");

    assertThat(response.headers().first("Sec-WebSocket-Extensions"))
        .isEqualTo("permessage-deflate; server_no_context_takeover");
  }

  @Test
  void writesARefusalAsPlainTextThatClosesTheConnection() {
    HandshakeResponse response = HandshakeResponse.reject(400, "bad key");

    assertThat(text(response.toBytes())).isEqualTo("""
        HTTP/1.1 400 Bad Request\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Length: 7\r
        Connection: close\r
        \r
        bad key""");
  }

  @Test
  void countsTheBodyInUtf8Bytes() {
    HandshakeResponse response = HandshakeResponse.reject(403, "caf\u00e9 \u20ac");

    assertThat(response.headers().first("Content-Length")).isEqualTo("9");
    assertThat(response.body()).isEqualTo("caf\u00e9 \u20ac".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} has the reason phrase \"{1}\"")
  @CsvSource({
      "400, Bad Request",
      "401, Unauthorized",
      "403, Forbidden",
      "404, Not Found",
      "405, Method Not Allowed",
      "408, Request Timeout",
      "414, URI Too Long",
      "426, Upgrade Required",
      "429, Too Many Requests",
      "431, Request Header Fields Too Large",
      "500, Internal Server Error",
      "503, Service Unavailable",
      "505, HTTP Version Not Supported"})
  void sendsTheReasonPhraseOfEachRefusal(int status, String reason) {
    HandshakeResponse response = HandshakeResponse.reject(status, "no");

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.reason()).isEqualTo(reason);
    assertThat(text(response.toBytes())).startsWith("HTTP/1.1 " + status + " " + reason + "\r\n");
  }

  @Test
  void sendsTheReasonPhraseOf101() {
    assertThat(HandshakeResponse.switchingProtocols("a", null, null).reason()).isEqualTo("Switching Protocols");
  }

  @Test
  void sendsAnEmptyReasonPhraseForAStatusItHasNoPhraseFor() {
    assertThat(text(HandshakeResponse.reject(418, "no").toBytes())).startsWith("HTTP/1.1 418 \r\n");
  }

  @ParameterizedTest(name = "a refusal with status {0} is not allowed")
  @ValueSource(ints = {101, 200, 302, 399, 600, -1})
  void refusesARefusalWithoutAnErrorStatus(int status) {
    assertThatIllegalArgumentException().isThrownBy(() -> HandshakeResponse.reject(status, "no"));
  }

  @Test
  void addsAHeaderToACopy() {
    HandshakeResponse original = HandshakeResponse.reject(429, "slow down");

    HandshakeResponse copy = original.withHeader("Retry-After", "5");

    assertThat(fields(copy.headers())).endsWith("Retry-After: 5");
    assertThat(original.headers().contains("Retry-After")).isFalse();
    assertThat(copy.body()).isEqualTo(original.body());
    assertThat(text(copy.toBytes())).endsWith("Retry-After: 5\r\n\r\nslow down");
  }

  @ParameterizedTest(name = "the header value \"{0}\" cannot be added")
  @ValueSource(strings = {"a\r\nSet-Cookie: x=y", "a\nb", "a\rb", "a\u0000b"})
  void refusesAHeaderThatWouldSplitTheResponse(String value) {
    HandshakeResponse response = HandshakeResponse.reject(401, "who are you");

    assertThatIllegalArgumentException().isThrownBy(() -> response.withHeader("WWW-Authenticate", value));
  }

  @Test
  void givesAFreshBufferEachTime() {
    HandshakeResponse response = HandshakeResponse.reject(503, "busy");
    ByteBuffer first = response.toBytes();
    first.position(first.limit());

    ByteBuffer second = response.toBytes();

    assertThat(second.position()).isZero();
    assertThat(second.remaining()).isEqualTo(first.limit());
  }

  @Test
  void cannotBeChangedThroughItsAccessors() {
    HandshakeResponse response = HandshakeResponse.reject(400, "no");

    response.body()[0] = 'X';

    assertThat(response.body()).isEqualTo("no".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> response.headers().add("X", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void showsItsStatusAndHeaders() {
    assertThat(HandshakeResponse.switchingProtocols("a", null, null)).hasToString(
        "HandshakeResponse[101 Switching Protocols, HttpHeaders[Upgrade: websocket, Connection: Upgrade, "
            + "Sec-WebSocket-Accept: a]]");
  }
}
