package dev.duplex.engine.protocol;

import static dev.duplex.engine.protocol.RawFrames.BINARY;
import static dev.duplex.engine.protocol.RawFrames.CLOSE;
import static dev.duplex.engine.protocol.RawFrames.CONTINUATION;
import static dev.duplex.engine.protocol.RawFrames.PING;
import static dev.duplex.engine.protocol.RawFrames.TEXT;
import static dev.duplex.engine.protocol.RawFrames.concat;
import static dev.duplex.engine.protocol.RawFrames.frame;
import static dev.duplex.engine.protocol.RawFrames.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.protocol.Deliveries.Outcome;
import dev.duplex.engine.protocol.RawFrames.Length;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of RFC 6455 section 5 that the frame decoder enforces, one row each: the close code, the exact close
 * frame queued for the peer, the Close event, and that nothing after the offending bytes is read. Ids follow the
 * Autobahn TestSuite where it has the case, and are {@code duplex-*} where it has not.
 */
class FrameDecoderRulesTest {

  private static final int FRAME_LIMIT = 1000;
  private static final int MESSAGE_LIMIT = 2000;
  private static final ProtocolLimits LIMITS =
      ProtocolLimits.builder().maxFrameSize(FRAME_LIMIT).maxMessageSize(MESSAGE_LIMIT).build();

  /** A valid frame sent after the offending one: were it read, it would show up as an event. */
  private static final byte[] CLIENT_TRAILER = RawFrames.text("after").masked().bytes();
  private static final byte[] SERVER_TRAILER = RawFrames.text("after").bytes();

  /** One broken rule. {@code input} is what the peer sends, ending with the bytes that break the rule. */
  record Rule(String id, String description, Role receiver, byte[] input, int code) {

    Supplier<WsProtocol> protocol() {
      return receiver == Role.SERVER ? Deliveries.server(LIMITS) : Deliveries.client(LIMITS);
    }

    byte[] inputAndTrailer() {
      return concat(input, receiver == Role.SERVER ? CLIENT_TRAILER : SERVER_TRAILER);
    }

    @Override
    public String toString() {
      return id + " " + description + " -> " + code;
    }
  }

  static Stream<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    int[] reservedData = {3, 4, 5, 6, 7};
    for (int i = 0; i < reservedData.length; i++) {
      int opcode = reservedData[i];
      rules.add(server("4.1." + (i + 1), "reserved data opcode " + opcode,
          frame(opcode).payload("reserved").masked().bytes(), 1002));
    }
    int[] reservedControl = {0xB, 0xC, 0xD, 0xE, 0xF};
    for (int i = 0; i < reservedControl.length; i++) {
      int opcode = reservedControl[i];
      rules.add(server("4.2." + (i + 1), "reserved control opcode 0x" + Integer.toHexString(opcode).toUpperCase(),
          frame(opcode).payload("reserved").masked().bytes(), 1002));
    }
    rules.add(server("duplex-4.1", "reserved opcode 5 after a valid text message",
        concat(RawFrames.text("ok").masked().bytes(), frame(5).masked().bytes()), 1002));
    rules.add(client("duplex-4.2", "reserved data opcode 3 sent by a server", frame(3).bytes(), 1002));
    rules.add(client("duplex-4.3", "reserved control opcode 0xB sent by a server", frame(0xB).bytes(), 1002));

    rules.add(server("3.1", "RSV3 on text", RawFrames.text("small").rsv(1).masked().bytes(), 1002));
    rules.add(server("3.2", "RSV2 on text after a valid text",
        concat(RawFrames.text("ok").masked().bytes(), RawFrames.text("small").rsv(2).masked().bytes()), 1002));
    rules.add(server("3.3", "RSV2 and RSV3 on text", RawFrames.text("small").rsv(3).masked().bytes(), 1002));
    rules.add(server("3.4", "RSV1 on text", RawFrames.text("small").rsv(4).masked().bytes(), 1002));
    rules.add(server("3.5", "RSV1 and RSV3 on binary", RawFrames.binary(new byte[3]).rsv(5).masked().bytes(), 1002));
    rules.add(server("3.6", "RSV1 and RSV2 on ping", RawFrames.ping(new byte[3]).rsv(6).masked().bytes(), 1002));
    rules.add(server("3.7", "all three reserved bits on close",
        RawFrames.close(RawFrames.closeBody(1000)).rsv(7).masked().bytes(), 1002));
    rules.add(server("duplex-3.1", "RSV1 on a continuation frame",
        concat(RawFrames.text("a").fin(false).masked().bytes(), RawFrames.continuation("b").rsv(4).masked().bytes()),
        1002));
    rules.add(client("duplex-3.2", "RSV1 on text sent by a server", RawFrames.text("x").rsv(4).bytes(), 1002));

    rules.add(server("duplex-mask.1", "unmasked text from a client", RawFrames.text("Hello").bytes(), 1002));
    rules.add(server("duplex-mask.2", "unmasked empty binary from a client", RawFrames.binary(new byte[0]).bytes(),
        1002));
    rules.add(server("duplex-mask.3", "unmasked ping from a client", RawFrames.ping(new byte[0]).bytes(), 1002));
    rules.add(server("duplex-mask.4", "unmasked close from a client",
        RawFrames.close(RawFrames.closeBody(1000)).bytes(), 1002));
    rules.add(server("duplex-mask.5", "unmasked continuation inside a masked message",
        concat(RawFrames.text("a").fin(false).masked().bytes(), RawFrames.continuation("b").bytes()), 1002));
    rules.add(client("duplex-mask.6", "masked text from a server", RawFrames.text("Hello").masked().bytes(), 1002));
    rules.add(client("duplex-mask.7", "masked pong from a server", RawFrames.pong(new byte[0]).masked().bytes(),
        1002));
    rules.add(client("duplex-mask.8", "masked frame with an all-zero mask key from a server",
        RawFrames.binary(new byte[4]).masked(0).bytes(), 1002));

    rules.add(server("5.1", "ping with FIN clear", RawFrames.ping(RawFrames.utf8("frag")).fin(false).masked().bytes(),
        1002));
    rules.add(server("5.2", "pong with FIN clear", RawFrames.pong(RawFrames.utf8("frag")).fin(false).masked().bytes(),
        1002));
    rules.add(server("duplex-5.1", "close with FIN clear",
        RawFrames.close(RawFrames.closeBody(1000)).fin(false).masked().bytes(), 1002));
    rules.add(server("duplex-5.2", "ping with FIN clear inside a fragmented message",
        concat(RawFrames.text("a").fin(false).masked().bytes(), RawFrames.ping(new byte[0]).fin(false).masked().bytes()),
        1002));

    rules.add(server("2.5", "ping with a 126-byte payload", RawFrames.ping(repeat('p', 126)).masked().bytes(), 1002));
    rules.add(server("duplex-2.5", "pong with a 126-byte payload", RawFrames.pong(repeat('p', 126)).masked().bytes(),
        1002));
    rules.add(server("7.3.6", "close with a 124-byte reason (126-byte payload)",
        RawFrames.close(RawFrames.closeBody(1000, new String(repeat('r', 124)))).masked().bytes(), 1002));
    rules.add(server("duplex-2.6", "ping announcing 65536 bytes in 64 bits, header only",
        frame(PING).announce(65536).masked().bytes(), 1002));
    rules.add(client("duplex-2.7", "ping with a 126-byte payload from a server",
        RawFrames.ping(repeat('p', 126)).bytes(), 1002));

    rules.add(server("duplex-len.1", "64-bit length with only the most significant bit set, header only",
        frame(BINARY).length(Length.BITS_64).announce(Long.MIN_VALUE).masked().bytes(), 1002));
    rules.add(server("duplex-len.2", "64-bit length of all ones, header only",
        frame(BINARY).length(Length.BITS_64).announce(-1L).masked().bytes(), 1002));
    rules.add(server("duplex-len.3", "64-bit length 2^63 + 5 on a 5-byte payload",
        RawFrames.binary(new byte[5]).length(Length.BITS_64).announce(Long.MIN_VALUE + 5).masked().bytes(), 1002));
    rules.add(client("duplex-len.4", "64-bit length with the most significant bit set from a server",
        frame(TEXT).length(Length.BITS_64).announce(Long.MIN_VALUE | 3).bytes(), 1002));
    for (int length : new int[] {0, 5, 125}) {
      rules.add(server("duplex-len.16-" + length, length + " in a 16-bit length",
          RawFrames.binary(repeat('x', length)).length(Length.BITS_16).masked().bytes(), 1002));
    }
    for (int length : new int[] {0, 5, 125, 126}) {
      rules.add(server("duplex-len.64-" + length, length + " in a 64-bit length",
          RawFrames.binary(repeat('x', length)).length(Length.BITS_64).masked().bytes(), 1002));
    }
    rules.add(server("duplex-len.64-65535", "65535 in a 64-bit length, header only",
        frame(BINARY).length(Length.BITS_64).announce(65535).masked().bytes(), 1002));
    rules.add(client("duplex-len.16-client", "5 in a 16-bit length from a server",
        RawFrames.text("hello").length(Length.BITS_16).bytes(), 1002));

    rules.add(server("duplex-size.1", "frame one byte over the frame limit, header only",
        frame(BINARY).announce(FRAME_LIMIT + 1).masked().bytes(), 1009));
    rules.add(server("duplex-size.2", "frame announcing 2^62 bytes, header only",
        frame(BINARY).announce(1L << 62).masked().bytes(), 1009));
    rules.add(server("duplex-size.3", "frame announcing 2^63 - 1 bytes, header only",
        frame(TEXT).announce(Long.MAX_VALUE).masked().bytes(), 1009));
    rules.add(server("duplex-size.4", "continuation frame over the frame limit, header only",
        concat(RawFrames.text("a").fin(false).masked().bytes(), frame(CONTINUATION).announce(70000).masked().bytes()),
        1009));
    rules.add(client("duplex-size.5", "frame announcing 2^40 bytes from a server, header only",
        frame(BINARY).announce(1L << 40).bytes(), 1009));
    rules.add(server("duplex-size.6", "message over the message limit across fragments",
        concat(RawFrames.binary(repeat('a', FRAME_LIMIT)).fin(false).masked().bytes(),
            RawFrames.continuation(repeat('b', FRAME_LIMIT)).fin(false).masked().bytes(),
            RawFrames.continuation(new byte[1]).masked().bytes()), 1009));
    rules.add(server("duplex-size.7", "text message over the message limit, last header only",
        concat(RawFrames.text(repeat('a', FRAME_LIMIT)).fin(false).masked().bytes(),
            RawFrames.continuation(repeat('b', 900)).fin(false).masked().bytes(),
            frame(CONTINUATION).announce(101).masked().bytes()), 1009));

    rules.add(server("5.9", "continuation with FIN set and no message",
        RawFrames.continuation("fragment").masked().bytes(), 1002));
    rules.add(server("5.10", "continuation with FIN clear and no message",
        RawFrames.continuation("fragment").fin(false).masked().bytes(), 1002));
    rules.add(server("duplex-5.3", "continuation after a complete message",
        concat(RawFrames.text("done").masked().bytes(), RawFrames.continuation("more").masked().bytes()), 1002));
    rules.add(server("duplex-5.4", "empty continuation with no message",
        RawFrames.continuation(new byte[0]).masked().bytes(), 1002));
    rules.add(client("duplex-5.5", "continuation with no message from a server",
        RawFrames.continuation("fragment").bytes(), 1002));
    rules.add(server("5.18", "text frame inside a fragmented text message",
        concat(RawFrames.text("frag1").fin(false).masked().bytes(), RawFrames.text("frag2").masked().bytes()), 1002));
    rules.add(server("duplex-5.6", "binary frame inside a fragmented text message",
        concat(RawFrames.text("frag1").fin(false).masked().bytes(), RawFrames.binary(new byte[2]).masked().bytes()),
        1002));
    rules.add(server("duplex-5.7", "text frame inside a fragmented binary message, after a pong",
        concat(RawFrames.binary(new byte[2]).fin(false).masked().bytes(), RawFrames.pong(new byte[0]).masked().bytes(),
            RawFrames.text("x").fin(false).masked().bytes()), 1002));
    rules.add(client("duplex-5.8", "binary frame inside a fragmented binary message from a server",
        concat(RawFrames.binary(new byte[2]).fin(false).bytes(), RawFrames.binary(new byte[2]).bytes()), 1002));
    return rules.stream();
  }

  private static Rule server(String id, String description, byte[] input, int code) {
    return new Rule(id, description, Role.SERVER, input, code);
  }

  private static Rule client(String id, String description, byte[] input, int code) {
    return new Rule(id, description, Role.CLIENT, input, code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void aBrokenRuleFailsTheConnectionWithItsCodeAndReadsNothingAfterIt(Rule rule) {
    Outcome outcome = Deliveries.everyWay(rule.protocol(), rule.inputAndTrailer());

    WsEvent.Close close = outcome.close();
    assertThat(close.status().code()).isEqualTo(rule.code());
    assertThat(close.byPeer()).isFalse();
    assertThat(outcome.output()).as("close frame queued for the peer")
        .isEqualTo(expectedCloseFrame(rule.receiver(), close.status()));
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
    assertThat(outcome.protocol().isOpen()).isFalse();

    ByteBuffer later = ByteBuffer.wrap(rule.receiver() == Role.SERVER ? CLIENT_TRAILER : SERVER_TRAILER);
    outcome.protocol().receive(later);
    assertThat(later.hasRemaining()).as("later input is consumed").isFalse();
    assertThat(outcome.protocol().nextEvent()).as("event from later input").isNull();
    assertThat(outcome.protocol().pollOutput()).as("output from later input").isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theViolationIsReportedByTheBytesThatBreakTheRuleWithoutTheTrailer(Rule rule) {
    Outcome outcome = Deliveries.whole(rule.protocol(), rule.input());

    assertThat(outcome.close().status().code()).isEqualTo(rule.code());
  }

  /** The close frame a protocol in {@code role} writes: unmasked from a server, masked with the key from a client. */
  static byte[] expectedCloseFrame(Role role, CloseStatus status) {
    RawFrames.Frame frame = RawFrames.close(RawFrames.closeBody(status.code(), status.reason()));
    return (role == Role.CLIENT ? frame.masked(Deliveries.CLIENT_MASK_KEY) : frame).bytes();
  }

  @Test
  void aHugeLengthIsRefusedFromTheFourteenHeaderBytesAloneBeforeAnyPayloadArrives() {
    // 2 + 8 length bytes + 4 mask bytes and no payload: nothing can have been set aside for 2^62 bytes.
    byte[] header = frame(BINARY).announce(1L << 62).masked().bytes();
    assertThat(header).hasSize(14);
    WsProtocol server = WsProtocol.server(LIMITS);

    server.receive(ByteBuffer.wrap(header));

    WsEvent event = server.nextEvent();
    assertThat(event).isInstanceOf(WsEvent.Close.class);
    assertThat(((WsEvent.Close) event).status().code()).isEqualTo(1009);
    assertThat(server.pollOutput()).isNotNull();
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @Test
  void aLengthOverTheLimitIsRefusedFromTheEightHeaderBytesOfA16BitLength() {
    byte[] header = frame(TEXT).announce(FRAME_LIMIT + 1).masked().bytes();
    assertThat(header).hasSize(8);
    WsProtocol server = WsProtocol.server(LIMITS);

    server.receive(ByteBuffer.wrap(header));

    assertThat(Deliveries.describe(server.nextEvent())).startsWith("Close 1009");
  }

  @Test
  void aControlFrameOver125BytesIsRefusedFromItsFirstTwoBytes() {
    WsProtocol server = Deliveries.server();

    server.receive(ByteBuffer.wrap(new byte[] {(byte) 0x89, (byte) (0x80 | 126)}));

    assertThat(Deliveries.describe(server.nextEvent())).startsWith("Close 1002");
  }

  @Test
  void aSingleFrameOverTheMessageLimitButWithinTheFrameLimitIsRefusedFromItsHeader() {
    ProtocolLimits limits = ProtocolLimits.builder().maxFrameSize(5000).maxMessageSize(MESSAGE_LIMIT).build();
    byte[] header = frame(BINARY).announce(MESSAGE_LIMIT + 1).masked().bytes();

    Outcome outcome = Deliveries.everyWay(Deliveries.server(limits), header);

    assertThat(outcome.close().status().code()).isEqualTo(1009);
  }

  @Test
  void aFrameOfExactlyTheFrameLimitIsDelivered() {
    byte[] payload = RawFrames.random(1, FRAME_LIMIT);

    Outcome outcome = Deliveries.everyWay(Deliveries.server(LIMITS), RawFrames.binary(payload).masked().bytes());

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Binary " + Deliveries.describe(payload));
    assertThat(outcome.output()).isEmpty();
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.OPEN);
  }

  @Test
  void aMessageOfExactlyTheMessageLimitAcrossFragmentsIsDelivered() {
    byte[] first = RawFrames.random(2, FRAME_LIMIT);
    byte[] second = RawFrames.random(3, MESSAGE_LIMIT - FRAME_LIMIT);
    byte[] input = concat(RawFrames.binary(first).fin(false).masked().bytes(),
        RawFrames.ping(new byte[0]).masked().bytes(),
        RawFrames.continuation(second).masked().bytes());

    Outcome outcome = Deliveries.everyWay(Deliveries.server(LIMITS), input, 1, 1005, 1010, input.length - 3);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Ping []", "Binary " + Deliveries.describe(concat(first, second)));
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.OPEN);
  }

  @Test
  void theMessageLimitStartsAfreshWithEachMessage() {
    byte[] input = concat(RawFrames.binary(new byte[FRAME_LIMIT]).fin(false).masked().bytes(),
        RawFrames.continuation(new byte[FRAME_LIMIT]).masked().bytes(),
        RawFrames.binary(new byte[FRAME_LIMIT]).fin(false).masked().bytes(),
        RawFrames.continuation(new byte[FRAME_LIMIT]).masked().bytes());

    Outcome outcome = Deliveries.whole(Deliveries.server(LIMITS), input);

    assertThat(outcome.events()).hasSize(2).allSatisfy(
        event -> assertThat(((WsEvent.Binary) event).payload().remaining()).isEqualTo(MESSAGE_LIMIT));
  }

  @Test
  void minimalLengthsAtEveryBoundaryAreAccepted() {
    for (int length : new int[] {0, 125, 126, 127, 0xFFFF, 0x10000}) {
      byte[] payload = RawFrames.random(length, length);
      byte[] input = RawFrames.binary(payload).masked().bytes();

      Outcome outcome = Deliveries.whole(Deliveries::server, input);

      assertThat(outcome.events()).as("payload of %d bytes", length).extracting(Deliveries::describe)
          .containsExactly("Binary " + Deliveries.describe(payload));
    }
  }

  @Test
  void everyKnownOpcodeWithNoReservedBitsIsAcceptedWithoutOutputOrClose() {
    byte[] input = concat(RawFrames.text("t").masked().bytes(), RawFrames.binary(new byte[] {1}).masked().bytes(),
        RawFrames.text("a").fin(false).masked().bytes(), RawFrames.continuation("b").masked().bytes(),
        RawFrames.pong(new byte[] {2}).masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Text [74]", "Binary [01]", "Text [61 62]", "Pong [02]");
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void aControlFrameOfExactly125BytesIsAccepted() {
    Outcome outcome = Deliveries.everyWay(RawFrames.pong(repeat('p', 125)).masked().bytes());

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Pong " + Deliveries.describe(repeat('p', 125)));
  }

  @Test
  void endOfStreamAndAbortAfterAViolationAddNeitherAnEventNorASecondCloseFrame() {
    WsProtocol server = Deliveries.server();
    server.receive(ByteBuffer.wrap(frame(CLOSE).fin(false).masked().bytes()));
    WsEvent first = server.nextEvent();
    ByteBuffer closeFrame = server.pollOutput();

    server.receive(ByteBuffer.wrap(RawFrames.text("x").masked().bytes()));
    server.receiveEof();
    server.abort(CloseStatus.NORMAL);

    assertThat(Deliveries.describe(first)).startsWith("Close 1002");
    assertThat(Deliveries.bytes(closeFrame)).startsWith(0x88, closeFrame.get(1), 0x03, 0xEA);
    assertThat(closeFrame.get(1) & 0xFF).isEqualTo(closeFrame.remaining() - 2);
    assertThat(server.nextEvent()).isNull();
    assertThat(server.pollOutput()).isNull();
  }
}
