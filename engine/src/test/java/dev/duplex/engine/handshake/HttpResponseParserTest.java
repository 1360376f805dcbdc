package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Delivery.UNMASKED_HELLO;
import static dev.duplex.engine.handshake.Delivery.bytes;
import static dev.duplex.engine.handshake.Delivery.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.engine.handshake.Delivery.Fed;
import dev.duplex.engine.handshake.HttpResponseParser.Result;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpResponseParserTest {

  private static final String RFC_RESPONSE = """
      HTTP/1.1 101 Switching Protocols\r
      Upgrade: websocket\r
      Connection: Upgrade\r
      Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
      Sec-WebSocket-Protocol: chat\r
      \r
      """;

  static Stream<Arguments> validHeads() {
    return Stream.of(
        arguments("the RFC 6455 section 1.3 response", RFC_RESPONSE),
        arguments("a response with bare LF line endings", RFC_RESPONSE.replace("\r\n", "\n")),
        arguments("a refusal announcing a body", "HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\n\r\n"),
        arguments("an HTTP/1.0 refusal", "HTTP/1.0 400 Bad Request\r\n\r\n"),
        arguments("a response without reason phrase", "HTTP/1.1 101\r\nUpgrade: websocket\r\n\r\n"),
        arguments("a response with an empty reason phrase", "HTTP/1.1 101 \r\nUpgrade: websocket\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0} is parsed when delivered whole, and the bytes after it stay unread")
  @MethodSource("validHeads")
  void parsesAWholeHeadAndLeavesTheBytesAfterIt(String description, String head) {
    Fed<Result> fed = feed(Delivery.whole(bytes(head), UNMASKED_HELLO));

    assertThat(fed.result()).isInstanceOf(Result.Parsed.class);
    assertThat(fed.unread()).isEqualTo(UNMASKED_HELLO);
  }

  @ParameterizedTest(name = "{0} is parsed the same when split in two at every offset")
  @MethodSource("validHeads")
  void parsesAHeadSplitInTwoAtEveryOffset(String description, String head) {
    String expected = describe(feed(Delivery.whole(bytes(head), new byte[0])).result());

    for (List<byte[]> pieces : Delivery.splitAtEveryOffset(bytes(head), UNMASKED_HELLO)) {
      Fed<Result> fed = feed(pieces);
      assertThat(describe(fed.result())).as("split after %d bytes", pieces.get(0).length).isEqualTo(expected);
      assertThat(fed.unread()).isEqualTo(UNMASKED_HELLO);
    }
  }

  @ParameterizedTest(name = "{0} is parsed the same when delivered one byte at a time")
  @MethodSource("validHeads")
  void parsesAHeadDeliveredOneByteAtATime(String description, String head) {
    String expected = describe(feed(Delivery.whole(bytes(head), new byte[0])).result());

    Fed<Result> fed = feed(Delivery.byteByByte(bytes(head), UNMASKED_HELLO));

    assertThat(describe(fed.result())).isEqualTo(expected);
    assertThat(fed.unread()).isEqualTo(UNMASKED_HELLO);
  }

  @Test
  void readsTheStatusLineAndFieldsOfTheRfcResponse() {
    HttpResponseHead head = parse(RFC_RESPONSE);

    assertThat(head.version()).isEqualTo("HTTP/1.1");
    assertThat(head.status()).isEqualTo(101);
    assertThat(head.reason()).isEqualTo("Switching Protocols");
    assertThat(fields(head.headers())).containsExactly(
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        "Sec-WebSocket-Protocol: chat");
  }

  @Test
  void readsAResponseWithoutReasonPhrase() {
    HttpResponseHead head = parse("HTTP/1.1 101\r\n\r\n");

    assertThat(head.status()).isEqualTo(101);
    assertThat(head.reason()).isEmpty();
  }

  @Test
  void readsWhatTheServerSideWrites() {
    HandshakeResponse response = HandshakeResponse.reject(429, "slow down").withHeader("Retry-After", "5");
    ByteBuffer in = response.toBytes();

    Result result = new HttpResponseParser(HandshakeLimits.defaults()).parse(in);

    HttpResponseHead head = ((Result.Parsed) result).head();
    assertThat(head.status()).isEqualTo(429);
    assertThat(head.reason()).isEqualTo("Too Many Requests");
    assertThat(fields(head.headers())).isEqualTo(fields(response.headers()));
    assertThat(Delivery.text(in)).isEqualTo("slow down");
  }

  static Stream<Arguments> malformedHeads() {
    return Stream.of(
        arguments("an HTTP/2 status line", "HTTP/2 101 Switching Protocols\r\n\r\n"),
        arguments("an HTTP/1.2 status line", "HTTP/1.2 101 Switching Protocols\r\n\r\n"),
        arguments("a lowercase version", "http/1.1 101 Switching Protocols\r\n\r\n"),
        arguments("a status line of another protocol", "ICY 200 OK\r\n\r\n"),
        arguments("a request line instead", "GET / HTTP/1.1\r\n\r\n"),
        arguments("a version without status", "HTTP/1.1\r\n\r\n"),
        arguments("a version with two minor digits", "HTTP/1.10 101 Switching Protocols\r\n\r\n"),
        arguments("a status of two digits", "HTTP/1.1 99 Odd\r\n\r\n"),
        arguments("a status of four digits", "HTTP/1.1 1010 Odd\r\n\r\n"),
        arguments("a status with a letter", "HTTP/1.1 1O1 Switching Protocols\r\n\r\n"),
        arguments("a status of 600", "HTTP/1.1 600 Odd\r\n\r\n"),
        arguments("a status of 099", "HTTP/1.1 099 Odd\r\n\r\n"),
        arguments("two spaces before the status", "HTTP/1.1  101 Switching Protocols\r\n\r\n"),
        arguments("a control character in the reason", "HTTP/1.1 101 Switching\u0001Protocols\r\n\r\n"),
        arguments("a NUL in the status line", "HTTP/1.1 101 \u0000\r\n\r\n"),
        arguments("obsolete line folding", "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n  h2c\r\n\r\n"),
        arguments("whitespace before a colon", "HTTP/1.1 101 OK\r\nUpgrade : websocket\r\n\r\n"),
        arguments("a field without a colon", "HTTP/1.1 101 OK\r\nUpgrade websocket\r\n\r\n"),
        arguments("a control character in a value", "HTTP/1.1 101 OK\r\nUpgrade: web\u0007socket\r\n\r\n"),
        arguments("a head over the limit", "HTTP/1.1 101 OK\r\nX-Padding: " + "p".repeat(9000) + "\r\n\r\n"),
        arguments("a status line over the limit", "HTTP/1.1 101 " + "O".repeat(9000) + "\r\n\r\n"),
        arguments("more fields than the limit", "HTTP/1.1 101 OK\r\n" + "X-A: 1\r\n".repeat(101) + "\r\n"));
  }

  @ParameterizedTest(name = "a response with {0} fails")
  @MethodSource("malformedHeads")
  void failsOnAMalformedHead(String description, String head) {
    Fed<Result> fed = feed(Delivery.whole(bytes(head), new byte[0]));

    assertThat(fed.result()).isInstanceOfSatisfying(Result.Failed.class,
        failed -> assertThat(failed.message()).isNotBlank());
  }

  @ParameterizedTest(name = "a response with {0} fails when delivered one byte at a time")
  @MethodSource("malformedHeads")
  void failsOnAMalformedHeadDeliveredOneByteAtATime(String description, String head) {
    HttpResponseParser parser = new HttpResponseParser(HandshakeLimits.defaults());
    Result result = Result.NEED_MORE_DATA;
    for (byte b : bytes(head)) {
      result = parser.parse(ByteBuffer.wrap(new byte[] {b}));
      if (result != Result.NEED_MORE_DATA) {
        break;
      }
    }

    assertThat(result).isInstanceOf(Result.Failed.class);
  }

  @Test
  void refusesToParseAgainAfterAParsedHead() {
    HttpResponseParser parser = new HttpResponseParser(HandshakeLimits.defaults());
    parser.parse(ByteBuffer.wrap(bytes(RFC_RESPONSE)));

    assertThatIllegalStateException().isThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes(RFC_RESPONSE))));
  }

  @Test
  void refusesToParseAgainAfterAFailedHead() {
    HttpResponseParser parser = new HttpResponseParser(HandshakeLimits.defaults());
    parser.parse(ByteBuffer.wrap(bytes("ICY 200 OK\r\n")));

    assertThatIllegalStateException().isThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes(RFC_RESPONSE))));
  }

  @Test
  void tellsItsStateForDebugging() {
    HttpResponseParser parser = new HttpResponseParser(HandshakeLimits.defaults());
    parser.parse(ByteBuffer.wrap(bytes("HTTP/1.1 101")));

    assertThat(parser).hasToString(
        "HttpResponseParser[STATUS_LINE, HeadReader[status line, headBytes=12/8192, headers=0/100]]");
  }

  private static Fed<Result> feed(List<byte[]> pieces) {
    HttpResponseParser parser = new HttpResponseParser(HandshakeLimits.defaults());
    return Delivery.feed(parser::parse, Result.NEED_MORE_DATA, pieces);
  }

  private static HttpResponseHead parse(String head) {
    Result result = feed(Delivery.whole(bytes(head), new byte[0])).result();
    assertThat(result).isInstanceOf(Result.Parsed.class);
    return ((Result.Parsed) result).head();
  }

  /** Everything a parsed head holds, to compare deliveries. */
  private static String describe(Result result) {
    assertThat(result).isInstanceOf(Result.Parsed.class);
    HttpResponseHead head = ((Result.Parsed) result).head();
    return head.version() + " " + head.status() + " " + head.reason() + " " + fields(head.headers());
  }
}
