package dev.duplex.engine.protocol;

import static dev.duplex.engine.protocol.RawFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** permessage-deflate on the wire (RFC 7692 section 7.2), byte by byte. */
class PerMessageDeflateTest {

  private static final DeflateParameters CONTEXT_TAKEOVER = new DeflateParameters(false, false, 15, 15);
  private static final DeflateParameters NO_CONTEXT_TAKEOVER = new DeflateParameters(true, true, 15, 15);
  private static final DeflateConfig EVERY_MESSAGE = DeflateConfig.builder().threshold(0).build();

  private static Supplier<WsProtocol> client(DeflateParameters agreed) {
    return () -> WsProtocol.client(ProtocolLimits.defaults(), () -> 0, agreed, EVERY_MESSAGE);
  }

  private static Supplier<WsProtocol> server(DeflateParameters agreed, ProtocolLimits limits) {
    return () -> WsProtocol.server(limits, agreed, EVERY_MESSAGE);
  }

  private static Supplier<WsProtocol> server(DeflateParameters agreed) {
    return server(agreed, ProtocolLimits.defaults());
  }

  private static String onlyText(Deliveries.Outcome outcome) {
    assertThat(outcome.events()).hasSize(1);
    return ((WsEvent.Text) outcome.events().get(0)).text();
  }

  @Test
  void rfc7692_7_2_3_1_aMessageInOneCompressedBlockIsInflated() {
    assertThat(onlyText(Deliveries.everyWay(client(CONTEXT_TAKEOVER), hex("c1 07 f2 48 cd c9 c9 07 00"))))
        .isEqualTo("Hello");
  }

  @Test
  void rfc7692_7_2_3_1_theEncoderProducesTheSameBytes() {
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), CONTEXT_TAKEOVER, EVERY_MESSAGE);

    assertThat(RawFrames.toHex(Deliveries.bytes(server.text("Hello")))).isEqualTo("c1 07 f2 48 cd c9 c9 07 00");
  }

  @Test
  void rfc7692_7_2_3_2_aSecondMessageSharesTheSlidingWindowUnderContextTakeover() {
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), CONTEXT_TAKEOVER, EVERY_MESSAGE);
    server.text("Hello");

    assertThat(RawFrames.toHex(Deliveries.bytes(server.text("Hello")))).isEqualTo("c1 05 f2 00 11 00 00");
    assertThat(Deliveries.everyWay(client(CONTEXT_TAKEOVER),
        hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00")).events())
        .extracting(event -> ((WsEvent.Text) event).text()).containsExactly("Hello", "Hello");
  }

  @Test
  void withoutContextTakeoverEveryMessageIsCompressedAlone() {
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), NO_CONTEXT_TAKEOVER, EVERY_MESSAGE);
    server.text("Hello");

    assertThat(RawFrames.toHex(Deliveries.bytes(server.text("Hello")))).isEqualTo("c1 07 f2 48 cd c9 c9 07 00");
  }

  @Test
  void rfc7692_7_2_3_3_aStoredBlockIsInflated() {
    assertThat(onlyText(Deliveries.everyWay(client(CONTEXT_TAKEOVER),
        hex("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00")))).isEqualTo("Hello");
  }

  @Test
  void rfc7692_7_2_3_4_aBlockWithBfinalSetIsInflatedAndTheNextMessageStillWorks() {
    Deliveries.Outcome outcome = Deliveries.everyWay(client(CONTEXT_TAKEOVER),
        hex("c1 08 f3 48 cd c9 c9 07 00 00 c1 07 f2 48 cd c9 c9 07 00"));

    assertThat(outcome.events()).extracting(event -> ((WsEvent.Text) event).text()).containsExactly("Hello", "Hello");
  }

  @Test
  void rfc7692_7_2_3_5_twoBlocksInOneMessageAreInflated() {
    assertThat(onlyText(Deliveries.everyWay(client(CONTEXT_TAKEOVER),
        hex("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00")))).isEqualTo("Hello");
  }

  @Test
  void rfc7692_7_2_3_1_aCompressedMessageInTwoFragmentsIsInflated() {
    assertThat(onlyText(Deliveries.everyWay(client(CONTEXT_TAKEOVER), hex("41 03 f2 48 cd 80 04 c9 c9 07 00"))))
        .isEqualTo("Hello");
  }

  @Test
  void uncompressedMessagesStillPassWhenTheExtensionIsInUse() {
    assertThat(onlyText(Deliveries.everyWay(client(CONTEXT_TAKEOVER), hex("81 05 48 65 6c 6c 6f"))))
        .isEqualTo("Hello");
  }

  @ParameterizedTest(name = "RSV bits {0} on a text frame close with 1002")
  @ValueSource(ints = {1, 2, 3, 5, 6, 7})
  void reservedBitsOtherThanRsv1AreViolations(int rsv) {
    byte[] frame = RawFrames.text("Hello").rsv(rsv).masked().bytes();

    assertThat(Deliveries.everyWay(server(CONTEXT_TAKEOVER), frame).close().status().code())
        .isEqualTo(CloseStatus.PROTOCOL_ERROR);
  }

  @Test
  void rsv1OnAContinuationFrameIsAViolation() {
    byte[] input = RawFrames.concat(
        RawFrames.text("He").fin(false).masked().bytes(),
        RawFrames.continuation("llo").rsv(4).masked().bytes());

    WsEvent.Close close = Deliveries.everyWay(server(CONTEXT_TAKEOVER), input).close();
    assertThat(close.status()).isEqualTo(CloseStatus.of(1002, "RSV1 set on a continuation frame"));
  }

  @ParameterizedTest(name = "RSV1 on opcode {0} closes with 1002")
  @ValueSource(ints = {RawFrames.PING, RawFrames.PONG, RawFrames.CLOSE})
  void rsv1OnAControlFrameIsAViolation(int opcode) {
    byte[] frame = RawFrames.frame(opcode).rsv(4).masked().bytes();

    assertThat(Deliveries.everyWay(server(CONTEXT_TAKEOVER), frame).close().status())
        .isEqualTo(CloseStatus.of(1002, "RSV1 set on a control frame"));
  }

  @Test
  void rsv1WithoutTheExtensionIsAViolation() {
    byte[] frame = RawFrames.text("Hello").rsv(4).masked().bytes();

    assertThat(Deliveries.everyWay(Deliveries::server, frame).close().status().code())
        .isEqualTo(CloseStatus.PROTOCOL_ERROR);
  }

  @Test
  void dataThatIsNotDeflateClosesWith1007() {
    byte[] frame = RawFrames.binary(hex("ff ff ff ff ff")).rsv(4).masked().bytes();

    assertThat(Deliveries.everyWay(server(CONTEXT_TAKEOVER), frame).close().status().code())
        .isEqualTo(CloseStatus.INVALID_PAYLOAD);
  }

  @Test
  void invalidUtf8InsideACompressedTextMessageClosesWith1007() {
    byte[] compressed = deflate(hex("48 65 ff 6c 6f"));
    byte[] frame = RawFrames.text(compressed).rsv(4).masked().bytes();

    assertThat(Deliveries.everyWay(server(CONTEXT_TAKEOVER), frame).close().status().code())
        .isEqualTo(CloseStatus.INVALID_PAYLOAD);
  }

  @Test
  void aCompressionBombEndsIn1009WithoutInflatingPastTheLimit() {
    byte[] zeros = new byte[64 << 20];
    byte[] bomb = deflate(zeros);
    assertThat(bomb.length).as("64 MiB of zeros deflate to a small frame").isLessThan(100_000);
    ProtocolLimits limits = ProtocolLimits.builder().maxMessageSize(1 << 20).maxFrameSize(1 << 20).build();
    WsProtocol protocol = server(CONTEXT_TAKEOVER, limits).get();

    protocol.receive(ByteBuffer.wrap(RawFrames.binary(bomb).rsv(4).masked().bytes()));

    WsEvent event = protocol.nextEvent();
    assertThat(event).isInstanceOf(WsEvent.Close.class);
    assertThat(((WsEvent.Close) event).status().code()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG);
  }

  @Test
  void aMessageThatInflatesToExactlyTheLimitIsAccepted() {
    ProtocolLimits limits = ProtocolLimits.builder().maxMessageSize(4096).build();
    byte[] message = RawFrames.random(7, 4096);

    Deliveries.Outcome outcome = Deliveries.everyWay(server(CONTEXT_TAKEOVER, limits),
        RawFrames.binary(deflate(message)).rsv(4).masked().bytes());

    assertThat(outcome.events()).hasSize(1);
    assertThat(Deliveries.bytes(((WsEvent.Binary) outcome.events().get(0)).payload())).isEqualTo(message);
  }

  @Test
  void messagesBelowTheThresholdGoOutUncompressed() {
    DeflateConfig config = DeflateConfig.builder().threshold(6).build();
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), CONTEXT_TAKEOVER, config);

    assertThat(Deliveries.bytes(server.text("Hello"))[0] & 0x40).isZero();
    assertThat(Deliveries.bytes(server.text("Hello!"))[0] & 0x40).isEqualTo(0x40);
  }

  @ParameterizedTest(name = "level {0} after another level on the same thread still compresses everything")
  @ValueSource(ints = {0, 1, 9, 6})
  void changingTheLevelBetweenMessagesLosesNothing(int level) {
    String text = "Hello, hello, hello, compressible hello ".repeat(20);
    for (int previous : new int[] {9, level}) {
      DeflateConfig config = DeflateConfig.builder().threshold(0).compressionLevel(previous).build();
      WsProtocol.server(ProtocolLimits.defaults(), NO_CONTEXT_TAKEOVER, config).text("warm up the shared deflater");
    }
    DeflateConfig config = DeflateConfig.builder().threshold(0).compressionLevel(level).build();
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), NO_CONTEXT_TAKEOVER, config);
    WsProtocol client = client(NO_CONTEXT_TAKEOVER).get();

    ByteBuffer frame = server.text(text);
    client.receive(frame);

    assertThat(((WsEvent.Text) client.nextEvent()).text()).isEqualTo(text);
  }

  @Test
  void aPreparedMessageIsCompressedOnceAndSharedWhenTheServerResetsItsContext() {
    PreparedMessage message = PreparedMessage.text("Hello, everyone in the room");
    WsProtocol first = WsProtocol.server(ProtocolLimits.defaults(), NO_CONTEXT_TAKEOVER, EVERY_MESSAGE);
    WsProtocol second = WsProtocol.server(ProtocolLimits.defaults(), NO_CONTEXT_TAKEOVER, EVERY_MESSAGE);

    ByteBuffer one = first.prepared(message);
    ByteBuffer two = second.prepared(message);

    assertThat(one.isReadOnly()).isTrue();
    assertThat(Deliveries.bytes(one)).isEqualTo(Deliveries.bytes(two));
    assertThat(Deliveries.bytes(one)[0] & 0x40).isEqualTo(0x40);
    WsProtocol client = client(NO_CONTEXT_TAKEOVER).get();
    client.receive(one);
    assertThat(((WsEvent.Text) client.nextEvent()).text()).isEqualTo("Hello, everyone in the room");
  }

  @ParameterizedTest(name = "round trip with context takeover {0}")
  @ValueSource(booleans = {true, false})
  void randomMessagesRoundTripBetweenClientAndServer(boolean takeover) {
    DeflateParameters agreed = takeover ? CONTEXT_TAKEOVER : NO_CONTEXT_TAKEOVER;
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), new Random(3)::nextInt, agreed, EVERY_MESSAGE);
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), agreed, EVERY_MESSAGE);
    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      byte[] payload = new byte[random.nextInt(3000)];
      for (int j = 0; j < payload.length; j++) {
        payload[j] = (byte) ('a' + random.nextInt(4));
      }
      String text = new String(payload, StandardCharsets.US_ASCII);
      server.receive(client.text(text));
      assertThat(((WsEvent.Text) server.nextEvent()).text()).isEqualTo(text);
      client.receive(server.text(text));
      assertThat(((WsEvent.Text) client.nextEvent()).text()).isEqualTo(text);
    }
  }

  @Test
  void aFragmentedMessageIsCompressedAcrossItsFragments() {
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), () -> 0, CONTEXT_TAKEOVER, EVERY_MESSAGE);
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), CONTEXT_TAKEOVER, EVERY_MESSAGE);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (String part : List.of("Hello, ", "fragmented ", "world")) {
      ByteBuffer frame = client.textFragment(ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)),
          part.equals("world"));
      wire.writeBytes(Deliveries.bytes(frame));
    }
    byte[] frames = wire.toByteArray();
    assertThat(frames[0] & 0x40).as("RSV1 on the first fragment").isEqualTo(0x40);

    server.receive(ByteBuffer.wrap(frames));

    assertThat(((WsEvent.Text) server.nextEvent()).text()).isEqualTo("Hello, fragmented world");
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(9, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
    } while (n == chunk.length);
    deflater.end();
    byte[] all = out.toByteArray();
    return Arrays.copyOf(all, all.length - 4);
  }
}
