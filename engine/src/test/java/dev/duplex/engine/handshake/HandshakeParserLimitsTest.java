package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Delivery.MASKED_HELLO;
import static dev.duplex.engine.handshake.Delivery.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.handshake.Delivery.Fed;
import dev.duplex.engine.handshake.HandshakeParser.Result;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeParserLimitsTest {

  private static final String REQUEST_LINE = "GET / HTTP/1.1\r\n";
  private static final String END = "\r\n";

  @Test
  void acceptsAHeadOfExactlyTheLimitAndLeavesTheBytesAfterIt() {
    String head = headOfLength(256);

    Fed<Result> fed = feed(limits(256, 100), Delivery.whole(bytes(head), MASKED_HELLO));

    assertThat(fed.result()).isInstanceOf(Result.Parsed.class);
    assertThat(fed.unread()).isEqualTo(MASKED_HELLO);
  }

  @Test
  void rejectsAHeadOneByteOverTheLimitWith431() {
    assertThat(statusOf(limits(256, 100), headOfLength(257))).isEqualTo(431);
  }

  @Test
  void rejectsAHeadOverTheLimitAtTheSameByteWhenDeliveredOneByteAtATime() {
    HandshakeParser parser = new HandshakeParser(limits(256, 100));
    byte[] head = bytes(headOfLength(300));
    int consumed = 0;
    Result result = Result.NEED_MORE_DATA;
    while (result == Result.NEED_MORE_DATA) {
      ByteBuffer piece = ByteBuffer.wrap(head, consumed, 1);
      result = parser.parse(piece);
      consumed = piece.position();
    }

    assertThat(consumed).isEqualTo(256);
    assertThat(((Result.Rejected) result).response().status()).isEqualTo(431);
  }

  @Test
  void rejectsARequestLineLongerThanTheLimitWith414() {
    String requestLine = "GET /" + "a".repeat(300) + " HTTP/1.1\r\n";

    assertThat(statusOf(limits(256, 100), requestLine + "Host: a\r\n\r\n")).isEqualTo(414);
  }

  @Test
  void rejectsARequestLineThatFitsButLeavesNoRoomForTheFieldsWith431() {
    String requestLine = "GET /" + "a".repeat(230) + " HTTP/1.1\r\n";

    assertThat(statusOf(limits(256, 100), requestLine + "Host: example.com\r\nUpgrade: websocket\r\n\r\n"))
        .isEqualTo(431);
  }

  @Test
  void countsEmptyLinesBeforeTheRequestLineTowardsTheLimit() {
    assertThat(statusOf(limits(256, 100), "\r\n".repeat(200) + REQUEST_LINE + END)).isEqualTo(414);
  }

  @ParameterizedTest(name = "a head of {0} fields is accepted under a limit of 10")
  @ValueSource(ints = {0, 1, 9, 10})
  void acceptsUpToTheMaximumNumberOfFields(int count) {
    Result result = feed(limits(8192, 10), Delivery.whole(bytes(headWithFields(count)), new byte[0])).result();

    assertThat(result).isInstanceOfSatisfying(Result.Parsed.class,
        parsed -> assertThat(parsed.request().headers().size()).isEqualTo(count));
  }

  @ParameterizedTest(name = "a head of {0} fields is rejected with 431 under a limit of 10")
  @ValueSource(ints = {11, 1000})
  void rejectsMoreFieldsThanTheMaximumWith431(int count) {
    assertThat(statusOf(limits(1 << 20, 10), headWithFields(count))).isEqualTo(431);
  }

  @Test
  void countsRepeatedFieldsOneByOne() {
    String head = REQUEST_LINE + "X-A: 1\r\n".repeat(3) + END;

    assertThat(statusOf(limits(8192, 2), head)).isEqualTo(431);
  }

  @Test
  void readsNoMoreThanTheDefaultLimitOfAnEndlessHead() {
    ByteBuffer flood = ByteBuffer.wrap(bytes(REQUEST_LINE + "X-Flood: " + "a".repeat(1 << 20)));

    Result result = new HandshakeParser(HandshakeLimits.defaults()).parse(flood);

    assertThat(((Result.Rejected) result).response().status()).isEqualTo(431);
    assertThat(flood.position()).isEqualTo(HandshakeLimits.DEFAULT_MAX_HEAD_BYTES);
  }

  @Test
  void readsNoMoreThanTheDefaultLimitOfAnEndlessRequestLine() {
    ByteBuffer flood = ByteBuffer.wrap(bytes("GET /" + "a".repeat(1 << 20)));

    Result result = new HandshakeParser(HandshakeLimits.defaults()).parse(flood);

    assertThat(((Result.Rejected) result).response().status()).isEqualTo(414);
    assertThat(flood.position()).isEqualTo(HandshakeLimits.DEFAULT_MAX_HEAD_BYTES);
  }

  @Test
  void acceptsADefaultSizedHeadSplitAtEveryOffset() {
    byte[] head = bytes(headOfLength(HandshakeLimits.DEFAULT_MAX_HEAD_BYTES));

    for (List<byte[]> pieces : Delivery.splitAtEveryOffset(head, MASKED_HELLO)) {
      Fed<Result> fed = feed(HandshakeLimits.defaults(), pieces);
      assertThat(fed.result()).as("split after %d bytes", pieces.get(0).length).isInstanceOf(Result.Parsed.class);
      assertThat(fed.unread()).isEqualTo(MASKED_HELLO);
    }
  }

  /** A request head of exactly {@code length} bytes, padded by the value of one field. */
  private static String headOfLength(int length) {
    String prefix = REQUEST_LINE + "Host: a\r\nX-Padding: ";
    String head = prefix + "p".repeat(length - prefix.length() - 2 - END.length()) + "\r\n" + END;
    assertThat(head).hasSize(length);
    return head;
  }

  private static String headWithFields(int count) {
    StringBuilder head = new StringBuilder(REQUEST_LINE);
    for (int i = 0; i < count; i++) {
      head.append("X-Field-").append(i).append(": ").append(i).append("\r\n");
    }
    return head.append(END).toString();
  }

  private static HandshakeLimits limits(int maxHeadBytes, int maxHeaders) {
    return HandshakeLimits.builder().maxHeadBytes(maxHeadBytes).maxHeaders(maxHeaders).build();
  }

  private static int statusOf(HandshakeLimits limits, String head) {
    Result result = feed(limits, Delivery.whole(bytes(head), new byte[0])).result();
    assertThat(result).isInstanceOf(Result.Rejected.class);
    return ((Result.Rejected) result).response().status();
  }

  private static Fed<Result> feed(HandshakeLimits limits, List<byte[]> pieces) {
    return Delivery.feed(new HandshakeParser(limits)::parse, Result.NEED_MORE_DATA, pieces);
  }
}
