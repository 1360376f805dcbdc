package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Delivery.MASKED_HELLO;
import static dev.duplex.engine.handshake.Delivery.bytes;
import static dev.duplex.engine.handshake.Delivery.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.engine.handshake.Delivery.Fed;
import dev.duplex.engine.handshake.HandshakeParser.Result;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeParserTest {

  private static final String RFC_REQUEST = """
      GET /chat HTTP/1.1\r
      Host: server.example.com\r
      Upgrade: websocket\r
      Connection: Upgrade\r
      Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
      Origin: http://example.com\r
      Sec-WebSocket-Protocol: chat, superchat\r
      Sec-WebSocket-Version: 13\r
      \r
      """;

  static Stream<Arguments> validHeads() {
    return Stream.of(
        arguments("the RFC 6455 section 1.3 request", RFC_REQUEST),
        arguments("a browser request with a query and many fields", """
            GET /ws/chat?room=general&access_token=abc.def.ghi HTTP/1.1\r
            Host: localhost:8080\r
            Connection: Upgrade\r
            Pragma: no-cache\r
            Cache-Control: no-cache\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0\r
            Upgrade: websocket\r
            Origin: http://localhost:8080\r
            Sec-WebSocket-Version: 13\r
            Accept-Encoding: gzip, deflate, br\r
            Accept-Language: en-US,en;q=0.9\r
            Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r
            Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
            \r
            """),
        arguments("a request with bare LF line endings", RFC_REQUEST.replace("\r\n", "\n")),
        arguments("a request mixing CRLF and LF", "GET / HTTP/1.1\r\nHost: a\nUpgrade: websocket\r\n\n"),
        arguments("a request after empty lines", "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        arguments("a request with values to trim", "GET / HTTP/1.1\r\nHost: \t a \t\r\nX-Empty:\r\nX-Blank:  \r\n\r\n"),
        arguments("a request with ISO-8859-1 bytes in a value", "GET / HTTP/1.1\r\nX-Name: Zo\u00eb \u00ff\r\n\r\n"),
        arguments("a request without header fields", "GET / HTTP/1.1\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0} is parsed when delivered whole, and the bytes after it stay unread")
  @MethodSource("validHeads")
  void parsesAWholeHeadAndLeavesTheBytesAfterIt(String description, String head) {
    Fed<Result> fed = feed(Delivery.whole(bytes(head), MASKED_HELLO));

    assertThat(fed.result()).isInstanceOf(Result.Parsed.class);
    assertThat(fed.unread()).isEqualTo(MASKED_HELLO);
  }

  @ParameterizedTest(name = "{0} is parsed the same when split in two at every offset")
  @MethodSource("validHeads")
  void parsesAHeadSplitInTwoAtEveryOffset(String description, String head) {
    String expected = describe(feed(Delivery.whole(bytes(head), new byte[0])).result());

    for (List<byte[]> pieces : Delivery.splitAtEveryOffset(bytes(head), MASKED_HELLO)) {
      Fed<Result> fed = feed(pieces);
      assertThat(describe(fed.result())).as("split after %d bytes", pieces.get(0).length).isEqualTo(expected);
      assertThat(fed.unread()).isEqualTo(MASKED_HELLO);
    }
  }

  @ParameterizedTest(name = "{0} is parsed the same when delivered one byte at a time")
  @MethodSource("validHeads")
  void parsesAHeadDeliveredOneByteAtATime(String description, String head) {
    String expected = describe(feed(Delivery.whole(bytes(head), new byte[0])).result());

    Fed<Result> fed = feed(Delivery.byteByByte(bytes(head), MASKED_HELLO));

    assertThat(describe(fed.result())).isEqualTo(expected);
    assertThat(fed.unread()).isEqualTo(MASKED_HELLO);
  }

  @Test
  void readsTheMethodTargetAndFieldsOfTheRfcRequestInOrder() {
    HandshakeRequest request = parse(RFC_REQUEST);

    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.target()).isEqualTo("/chat");
    assertThat(request.version()).isEqualTo("HTTP/1.1");
    assertThat(fields(request.headers())).containsExactly(
        "Host: server.example.com",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Origin: http://example.com",
        "Sec-WebSocket-Protocol: chat, superchat",
        "Sec-WebSocket-Version: 13");
  }

  @Test
  void keepsRepeatedFieldsApartAndInOrder() {
    HandshakeRequest request = parse("GET / HTTP/1.1\r\nX-A: 1\r\nX-B: 2\r\nx-a: 3\r\n\r\n");

    assertThat(request.headers().all("X-A")).containsExactly("1", "3");
    assertThat(fields(request.headers())).containsExactly("X-A: 1", "X-B: 2", "x-a: 3");
  }

  @Test
  void trimsWhitespaceAroundValuesButKeepsItInside() {
    HandshakeRequest request = parse("GET / HTTP/1.1\r\nX-A: \t a \t b \t\r\nX-Empty:\r\nX-Blank:   \r\n\r\n");

    assertThat(fields(request.headers())).containsExactly("X-A: a \t b", "X-Empty: ", "X-Blank: ");
  }

  @Test
  void keepsBytesAbove127InValuesAsIso88591Characters() {
    HandshakeRequest request = parse("GET / HTTP/1.1\r\nX-Name: Zo\u00eb \u00ff\r\n\r\n");

    assertThat(request.headers().first("X-Name")).isEqualTo("Zo\u00eb \u00ff");
  }

  @Test
  void readsBareLfLineEndingsLikeCrlf() {
    HandshakeRequest crlf = parse(RFC_REQUEST);
    HandshakeRequest lf = parse(RFC_REQUEST.replace("\r\n", "\n"));

    assertThat(fields(lf.headers())).isEqualTo(fields(crlf.headers()));
    assertThat(lf.target()).isEqualTo(crlf.target());
  }

  @Test
  void skipsEmptyLinesBeforeTheRequestLine() {
    assertThat(parse("\r\n\r\nGET /chat HTTP/1.1\r\nHost: a\r\n\r\n").target()).isEqualTo("/chat");
  }

  @Test
  void decodesThePathAndTheQueryOfTheTarget() {
    HandshakeRequest request = parse("GET /caf%C3%A9/chat?room=caf%C3%A9&q=a+b HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(request.path()).isEqualTo("/caf\u00e9/chat");
    assertThat(request.rawQuery()).isEqualTo("room=caf%C3%A9&q=a+b");
    assertThat(request.queryParameter("room")).isEqualTo("caf\u00e9");
    assertThat(request.queryParameter("q")).isEqualTo("a b");
  }

  @Test
  void needsMoreDataForAnEmptyBufferAndConsumesNothing() {
    ByteBuffer empty = ByteBuffer.allocate(0);

    assertThat(new HandshakeParser(HandshakeLimits.defaults()).parse(empty)).isSameAs(Result.NEED_MORE_DATA);
  }

  @Test
  void leavesLineEndingsThatFollowTheHeadUnread() {
    byte[] trailing = bytes("\r\n\n\r\n");

    Fed<Result> fed = feed(Delivery.whole(bytes("GET / HTTP/1.1\nHost: a\n\n"), trailing));

    assertThat(fed.result()).isInstanceOf(Result.Parsed.class);
    assertThat(fed.unread()).isEqualTo(trailing);
  }

  @Test
  void leavesTheWholeBufferUnreadWhenItStartsWithTheNextRead() {
    HandshakeParser parser = new HandshakeParser(HandshakeLimits.defaults());
    parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r")));

    ByteBuffer next = ByteBuffer.wrap(Delivery.concat(bytes("\n"), MASKED_HELLO));

    assertThat(parser.parse(next)).isInstanceOf(Result.Parsed.class);
    assertThat(next.position()).isEqualTo(1);
  }

  @Test
  void refusesToParseAgainAfterAParsedHead() {
    HandshakeParser parser = new HandshakeParser(HandshakeLimits.defaults());
    parser.parse(ByteBuffer.wrap(bytes(RFC_REQUEST)));

    assertThatIllegalStateException().isThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes(RFC_REQUEST))));
  }

  @Test
  void refusesToParseAgainAfterARejectedHead() {
    HandshakeParser parser = new HandshakeParser(HandshakeLimits.defaults());
    parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/2.0\r\n")));

    assertThatIllegalStateException().isThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes(RFC_REQUEST))));
  }

  @Test
  void tellsItsStateForDebugging() {
    HandshakeParser parser = new HandshakeParser(HandshakeLimits.defaults());
    parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: a\r\n")));

    assertThat(parser).hasToString(
        "HandshakeParser[HEADERS, HeadReader[header section, headBytes=25/8192, headers=1/100]]");
  }

  static Stream<Arguments> malformedHeads() {
    return Stream.of(
        requestLine("an HTTP/1.0 request", "GET / HTTP/1.0", 400),
        requestLine("an HTTP/2.0 request", "GET / HTTP/2.0", 505),
        requestLine("an HTTP/1.2 request", "GET / HTTP/1.2", 505),
        requestLine("an HTTP/0.9 request", "GET / HTTP/0.9", 505),
        requestLine("a lowercase HTTP version", "GET / http/1.1", 400),
        requestLine("an HTTP version with two minor digits", "GET / HTTP/1.10", 400),
        requestLine("an HTTP version without minor digit", "GET / HTTP/1", 400),
        requestLine("a protocol other than HTTP", "GET / ICY/1.1", 400),
        requestLine("a request line without version", "GET /", 400),
        requestLine("a request line with one word", "GET", 400),
        requestLine("a request line with two spaces", "GET  / HTTP/1.1", 400),
        requestLine("a request line with a trailing space", "GET / HTTP/1.1 ", 400),
        requestLine("a request line with a leading space", " GET / HTTP/1.1", 400),
        requestLine("a request line separated by tabs", "GET\t/\tHTTP/1.1", 400),
        requestLine("a target with a space", "GET /a b HTTP/1.1", 400),
        requestLine("a method that is not a token", "G(T / HTTP/1.1", 400),
        requestLine("an asterisk target", "GET * HTTP/1.1", 400),
        requestLine("an absolute-form target", "GET http://example.com/chat HTTP/1.1", 400),
        requestLine("an authority-form target", "GET example.com:80 HTTP/1.1", 400),
        requestLine("a relative target", "GET chat HTTP/1.1", 400),
        requestLine("a target with a fragment", "GET /chat#top HTTP/1.1", 400),
        requestLine("a target with DEL", "GET /a\u007fb HTTP/1.1", 400),
        requestLine("a target with a byte above 127", "GET /caf\u00e9 HTTP/1.1", 400),
        requestLine("a target with a bad percent escape", "GET /a%zz HTTP/1.1", 400),
        requestLine("a target with a cut percent escape", "GET /a%4 HTTP/1.1", 400),
        requestLine("a target ending in a percent sign", "GET /a% HTTP/1.1", 400),
        requestLine("a path that is not UTF-8", "GET /%C3%28 HTTP/1.1", 400),
        requestLine("a path with a cut UTF-8 sequence", "GET /%E2%82 HTTP/1.1", 400),
        requestLine("a query that is not UTF-8", "GET /?q=%FF HTTP/1.1", 400),
        requestLine("a query with a bad percent escape", "GET /?q=100% HTTP/1.1", 400),
        requestLine("a request line with a stray CR", "GET / HTTP/1.1\r\r", 400),
        requestLine("a NUL in the request line", "GET /\u0000 HTTP/1.1", 400),
        field("a space between field name and colon", "Host : a", 400),
        field("a tab between field name and colon", "Host\t: a", 400),
        field("obsolete line folding with a space", "X-A: 1\r\n 2", 400),
        field("obsolete line folding with a tab", "X-A: 1\r\n\t2", 400),
        field("whitespace before the first field", " Host: a", 400),
        field("a field without a colon", "Host a", 400),
        field("a field with an empty name", ": a", 400),
        field("a field name with a space", "X A: 1", 400),
        field("a field name with a separator", "X(A): 1", 400),
        field("a field name above 127", "X-\u00e9: 1", 400),
        field("a control character in a value", "X-A: a\u0001b", 400),
        field("an escape character in a value", "X-A: \u001b[31m", 400),
        field("DEL in a value", "X-A: a\u007fb", 400),
        field("a bare CR in a value", "X-A: a\rb", 400),
        field("a NUL in a value", "X-A: a\u0000b", 400),
        field("a NUL in a name", "X\u0000A: 1", 400));
  }

  @ParameterizedTest(name = "{0} is rejected with {2}")
  @MethodSource("malformedHeads")
  void rejectsAMalformedHeadWithItsStatus(String description, String head, int status) {
    Fed<Result> fed = feed(Delivery.whole(bytes(head), new byte[0]));

    assertThat(fed.result()).isInstanceOfSatisfying(Result.Rejected.class, rejected -> {
      assertThat(rejected.response().status()).isEqualTo(status);
      assertThat(rejected.response().body()).isNotEmpty();
      assertThat(rejected.response().headers().first("Connection")).isEqualTo("close");
    });
  }

  @ParameterizedTest(name = "{0} is rejected with {2} when delivered one byte at a time")
  @MethodSource("malformedHeads")
  void rejectsAMalformedHeadDeliveredOneByteAtATime(String description, String head, int status) {
    HandshakeParser parser = new HandshakeParser(HandshakeLimits.defaults());
    Result result = Result.NEED_MORE_DATA;
    for (byte b : bytes(head)) {
      result = parser.parse(ByteBuffer.wrap(new byte[] {b}));
      if (result != Result.NEED_MORE_DATA) {
        break;
      }
    }

    assertThat(result).isInstanceOfSatisfying(Result.Rejected.class,
        rejected -> assertThat(rejected.response().status()).isEqualTo(status));
  }

  @Test
  void tellsAnHttp10ClientThatHttp11IsRequired() {
    Result result = feed(Delivery.whole(bytes("GET / HTTP/1.0\r\n"), new byte[0])).result();

    assertThat(new String(((Result.Rejected) result).response().body(), StandardCharsets.UTF_8))
        .isEqualTo("a WebSocket handshake requires HTTP/1.1");
  }

  @Test
  void rejectsOnTheRequestLineWithoutWaitingForTheRestOfTheHead() {
    ByteBuffer in = ByteBuffer.wrap(bytes("GET / HTTP/2.0\r\nHost: a\r\n"));

    Result result = new HandshakeParser(HandshakeLimits.defaults()).parse(in);

    assertThat(result).isInstanceOf(Result.Rejected.class);
    assertThat(in.position()).isEqualTo("GET / HTTP/2.0\r\n".length());
  }

  private static Arguments requestLine(String description, String requestLine, int status) {
    return arguments(description, requestLine + "\r\nHost: a\r\n\r\n", status);
  }

  private static Arguments field(String description, String fieldLines, int status) {
    return arguments(description, "GET / HTTP/1.1\r\n" + fieldLines + "\r\nHost: a\r\n\r\n", status);
  }

  private static Fed<Result> feed(List<byte[]> pieces) {
    HandshakeParser parser = new HandshakeParser(HandshakeLimits.defaults());
    return Delivery.feed(parser::parse, Result.NEED_MORE_DATA, pieces);
  }

  private static HandshakeRequest parse(String head) {
    Result result = feed(Delivery.whole(bytes(head), new byte[0])).result();
    assertThat(result).isInstanceOf(Result.Parsed.class);
    return ((Result.Parsed) result).request();
  }

  /** Everything a parsed request holds, to compare deliveries. */
  private static String describe(Result result) {
    assertThat(result).isInstanceOf(Result.Parsed.class);
    HandshakeRequest request = ((Result.Parsed) result).request();
    return request.method() + " " + request.target() + " " + fields(request.headers());
  }
}
