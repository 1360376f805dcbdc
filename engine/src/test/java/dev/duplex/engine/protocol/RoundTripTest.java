package dev.duplex.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.protocol.Deliveries.Buffers;
import dev.duplex.engine.protocol.Deliveries.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What one side encodes, the other decodes (after jetty's {@code GeneratorParserRoundTripTest} and h11's
 * {@code ConnectionPair}): every command, random payload sizes from a fixed seed, with the masking of every client
 * frame and the absence of masking on every server frame checked on the bytes.
 */
class RoundTripTest {

  /** Mask keys drawn from a seeded generator, never 0, and remembered so that a frame can be checked against its key. */
  private static final class Keys {
    private final Random random;
    private final List<Integer> used = new ArrayList<>();

    Keys(long seed) {
      this.random = new Random(seed);
    }

    int next() {
      int key;
      do {
        key = random.nextInt();
      } while (key == 0);
      used.add(key);
      return key;
    }

    int last() {
      return used.get(used.size() - 1);
    }
  }

  /** The parts of one encoded frame. */
  private record Parsed(int b0, boolean masked, int maskKey, int headerSize, byte[] wirePayload) {

    static Parsed of(byte[] frame) {
      int length7 = frame[1] & 0x7F;
      ByteBuffer buffer = ByteBuffer.wrap(frame, 2, frame.length - 2);
      long length = length7 == 126 ? buffer.getShort() & 0xFFFF : length7 == 127 ? buffer.getLong() : length7;
      boolean masked = (frame[1] & 0x80) != 0;
      int key = masked ? buffer.getInt() : 0;
      assertThat(buffer.remaining()).as("payload bytes after the header").isEqualTo(length);
      return new Parsed(frame[0] & 0xFF, masked, key, buffer.position(),
          Arrays.copyOfRange(frame, buffer.position(), frame.length));
    }
  }

  private static void assertMaskedClientFrame(byte[] frame, int expectedKey, byte[] payload) {
    Parsed parsed = Parsed.of(frame);
    assertThat(parsed.masked()).as("mask bit of a client frame").isTrue();
    assertThat(parsed.maskKey()).as("mask key in the header").isEqualTo(expectedKey);
    assertThat(RawFrames.xor(parsed.wirePayload(), expectedKey)).as("unmasked payload").isEqualTo(payload);
    if (payload.length >= 4) {
      assertThat(parsed.wirePayload()).as("masked payload on the wire").isNotEqualTo(payload);
    }
  }

  private static void assertUnmaskedServerFrame(byte[] frame, byte[] payload) {
    Parsed parsed = Parsed.of(frame);
    assertThat(parsed.masked()).as("mask bit of a server frame").isFalse();
    assertThat(parsed.wirePayload()).isEqualTo(payload);
  }

  private static int randomSize(Random random) {
    int kind = random.nextInt(20);
    return kind < 12 ? random.nextInt(130) : kind < 19 ? 120 + random.nextInt(1000) : 65_530 + random.nextInt(12);
  }

  /** Random text of about {@code bytes} bytes of UTF-8: ASCII runs and 2- and 4-byte characters. */
  private static byte[] randomUtf8(Random random, int bytes) {
    StringBuilder text = new StringBuilder();
    int size = 0;
    while (size < bytes) {
      switch (random.nextInt(4)) {
        case 0:
          text.appendCodePoint(0x80 + random.nextInt(0x780));
          size += 2;
          break;
        case 1:
          text.appendCodePoint(0x10000 + random.nextInt(0x1000));
          size += 4;
          break;
        default:
          int run = 1 + random.nextInt(Math.max(1, (bytes - size) / 2));
          text.append("x".repeat(run));
          size += run;
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What a command sent and the event the other side should report for it. */
  private record Sent(byte[] frames, String expectedEvent) {
  }

  private static Sent randomCommand(WsProtocol sender, Keys keys, Random random) {
    boolean client = sender.role() == Role.CLIENT;
    int size = randomSize(random);
    byte[] binary = RawFrames.random(random.nextLong(), size);
    byte[] text = randomUtf8(random, size);
    switch (random.nextInt(8)) {
      case 0: {
        byte[] frame = Deliveries.bytes(sender.text(new String(text, StandardCharsets.UTF_8)));
        check(frame, client, keys, text, 0x81);
        return new Sent(frame, "Text " + Deliveries.describe(text));
      }
      case 1: {
        byte[] frame = Deliveries.bytes(sender.text(ByteBuffer.wrap(text)));
        check(frame, client, keys, text, 0x81);
        return new Sent(frame, "Text " + Deliveries.describe(text));
      }
      case 2: {
        byte[] frame = Deliveries.bytes(sender.binary(ByteBuffer.wrap(binary)));
        check(frame, client, keys, binary, 0x82);
        return new Sent(frame, "Binary " + Deliveries.describe(binary));
      }
      case 3:
      case 4: {
        boolean isText = random.nextBoolean();
        byte[] payload = isText ? text : binary;
        int[] cuts = random.ints(random.nextInt(5), 0, payload.length + 1).sorted().toArray();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
          int to = i < cuts.length ? cuts[i] : payload.length;
          byte[] part = Arrays.copyOfRange(payload, from, to);
          boolean last = i == cuts.length;
          byte[] frame = Deliveries.bytes(isText ? sender.textFragment(ByteBuffer.wrap(part), last)
              : sender.binaryFragment(ByteBuffer.wrap(part), last));
          int opcode = i == 0 ? (isText ? 0x1 : 0x2) : 0x0;
          check(frame, client, keys, part, (last ? 0x80 : 0) | opcode);
          frames.writeBytes(frame);
          from = to;
        }
        return new Sent(frames.toByteArray(), (isText ? "Text " : "Binary ") + Deliveries.describe(payload));
      }
      case 5: {
        byte[] payload = Arrays.copyOf(binary, Math.min(binary.length, 125));
        byte[] frame = Deliveries.bytes(sender.ping(ByteBuffer.wrap(payload)));
        check(frame, client, keys, payload, 0x89);
        return new Sent(frame, "Ping " + Deliveries.describe(payload));
      }
      case 6: {
        byte[] payload = Arrays.copyOf(binary, Math.min(binary.length, 125));
        byte[] frame = Deliveries.bytes(sender.pong(ByteBuffer.wrap(payload)));
        check(frame, client, keys, payload, 0x8A);
        return new Sent(frame, "Pong " + Deliveries.describe(payload));
      }
      default: {
        boolean isText = random.nextBoolean();
        PreparedMessage message = isText ? PreparedMessage.utf8(ByteBuffer.wrap(text))
            : PreparedMessage.binary(ByteBuffer.wrap(binary));
        byte[] payload = isText ? text : binary;
        byte[] frame = Deliveries.bytes(sender.prepared(message));
        check(frame, client, keys, payload, isText ? 0x81 : 0x82);
        if (!client) {
          assertThat(frame).as("a server sends the prepared bytes").isEqualTo(Deliveries.bytes(message.frame()));
        }
        return new Sent(frame, (isText ? "Text " : "Binary ") + Deliveries.describe(payload));
      }
    }
  }

  private static void check(byte[] frame, boolean client, Keys keys, byte[] payload, int b0) {
    assertThat(frame[0] & 0xFF).as("first byte").isEqualTo(b0);
    assertThat(frame.length).as("frame size").isEqualTo(FrameEncoder.headerSize(payload.length, client) + payload.length);
    if (client) {
      assertMaskedClientFrame(frame, keys.last(), payload);
    } else {
      assertUnmaskedServerFrame(frame, payload);
    }
  }

  private static void roundTrip(Role sending, long seed) {
    Keys keys = new Keys(seed);
    Random random = new Random(seed);
    WsProtocol sender = sending == Role.CLIENT ? WsProtocol.client(ProtocolLimits.defaults(), keys::next)
        : WsProtocol.server(ProtocolLimits.defaults());
    WsProtocol receiver = sending == Role.CLIENT ? WsProtocol.server(ProtocolLimits.defaults())
        : WsProtocol.client(ProtocolLimits.defaults(), keys::next);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Sent sent = randomCommand(sender, keys, random);
      stream.writeBytes(sent.frames());
      expected.add(sent.expectedEvent());
    }
    byte[] closeFrame = Deliveries.bytes(sender.close(new CloseStatus(4321, "round trip done")));
    stream.writeBytes(closeFrame);
    expected.add("Close 4321 'round trip done' byPeer=true");
    byte[] all = stream.toByteArray();

    int[] cuts = random.ints(200, 0, all.length + 1).sorted().toArray();
    Outcome outcome = Deliveries.deliver("random pieces", () -> receiver, all, Buffers.HEAP_LITTLE_ENDIAN, cuts);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactlyElementsOf(expected);
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
    // Pongs for the pings, then the echo of the close code.
    assertThat(Arrays.copyOfRange(outcome.output(), outcome.output().length - (sending == Role.CLIENT ? 4 : 8),
        outcome.output().length)).satisfies(echo -> {
          Parsed parsed = Parsed.of(echo);
          assertThat(parsed.b0()).isEqualTo(0x88);
          assertThat(parsed.masked()).isEqualTo(sending == Role.SERVER);
          assertThat(parsed.masked() ? RawFrames.xor(parsed.wirePayload(), parsed.maskKey()) : parsed.wirePayload())
              .isEqualTo(RawFrames.closeBody(4321));
        });
  }

  @Test
  void whatAClientSendsTheServerDecodes() {
    roundTrip(Role.CLIENT, 1);
    roundTrip(Role.CLIENT, 2);
  }

  @Test
  void whatAServerSendsTheClientDecodes() {
    roundTrip(Role.SERVER, 3);
    roundTrip(Role.SERVER, 4);
  }

  @Test
  void aPingCrossesBothWaysAndItsPongComesBack() {
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), new Keys(5)::next);
    WsProtocol server = Deliveries.server();
    byte[] payload = RawFrames.random(5, 125);

    server.receive(client.ping(ByteBuffer.wrap(payload)));
    client.receive(server.pollOutput());
    client.receive(server.ping(ByteBuffer.wrap(payload)));
    server.receive(client.pollOutput());

    assertThat(Deliveries.describe(server.nextEvent())).isEqualTo("Ping " + Deliveries.describe(payload));
    assertThat(Deliveries.describe(client.nextEvent())).isEqualTo("Pong " + Deliveries.describe(payload));
    assertThat(Deliveries.describe(client.nextEvent())).isEqualTo("Ping " + Deliveries.describe(payload));
    assertThat(Deliveries.describe(server.nextEvent())).isEqualTo("Pong " + Deliveries.describe(payload));
    assertThat(client.pollOutput()).isNull();
    assertThat(server.pollOutput()).isNull();
  }

  @Test
  void theDefaultClientMasksEachFrameWithAFreshKey() {
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults());
    byte[] payload = RawFrames.utf8("the same text, twice");

    Parsed first = Parsed.of(Deliveries.bytes(client.text("the same text, twice")));
    Parsed second = Parsed.of(Deliveries.bytes(client.text("the same text, twice")));

    assertThat(first.masked()).isTrue();
    assertThat(second.masked()).isTrue();
    assertThat(first.maskKey()).isNotEqualTo(second.maskKey());
    assertThat(RawFrames.xor(first.wirePayload(), first.maskKey())).isEqualTo(payload);
    assertThat(RawFrames.xor(second.wirePayload(), second.maskKey())).isEqualTo(payload);
  }

  @Test
  void aServerSendsAPreparedMessageAsItsSharedFrameAndAClientAsAMaskedCopy() {
    PreparedMessage message = PreparedMessage.text("broadcast ✓");
    WsProtocol server = Deliveries.server();
    Keys keys = new Keys(6);
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), keys::next);

    byte[] fromServer = Deliveries.bytes(server.prepared(message));
    byte[] fromClient = Deliveries.bytes(client.prepared(message));

    assertThat(fromServer).isEqualTo(Deliveries.bytes(Deliveries.server().text("broadcast ✓")));
    assertThat(fromServer).hasSize(message.frameSize());
    assertMaskedClientFrame(fromClient, keys.last(), RawFrames.utf8("broadcast ✓"));
    assertThat(Deliveries.bytes(message.frame())).as("the shared frame is left unmasked").isEqualTo(fromServer);
    assertThat(message.isText()).isTrue();
    assertThat(PreparedMessage.binary(ByteBuffer.allocate(2)).isText()).isFalse();
  }

  @Test
  void encodingDoesNotConsumeOrChangeTheCallersBuffer() {
    byte[] original = RawFrames.random(8, 300);
    ByteBuffer payload = ByteBuffer.wrap(original.clone());
    payload.position(7);
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), new Keys(8)::next);

    byte[] frame = Deliveries.bytes(client.binary(payload));
    Deliveries.bytes(client.binaryFragment(payload, true));

    assertThat(payload.position()).isEqualTo(7);
    assertThat(payload.array()).isEqualTo(original);
    Outcome outcome = Deliveries.whole(Deliveries::server, frame);
    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Binary " + Deliveries.describe(Arrays.copyOfRange(original, 7, 300)));
  }

  /**
   * The decoder unmasks eight bytes at a time with absolute {@code getLong}s on the input buffer: the buffer's byte
   * order, kind, offset and where a read begins inside the payload (which rotates the mask) must not matter.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Buffers.class)
  void everyKindOfInputBufferDecodesIdentically(Buffers buffers) {
    Random random = new Random(buffers.ordinal());
    for (int size : new int[] {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 31, 33, 125, 126, 1000, 4099, 65_537}) {
      byte[] payload = RawFrames.random(size, size);
      byte[] frame = RawFrames.binary(payload).masked(random.nextInt() | 0x01010101).bytes();
      int header = frame.length - size;
      String expected = "Binary " + Deliveries.describe(payload);
      int[][] cutsList = {{}, {header + 1}, {header + 3}, {header + 5, header + 6}, {header + 9, header + 11},
          {header + 2, header + 13, header + 22}, {1, header - 1}};
      for (int[] cuts : cutsList) {
        int[] inRange = Arrays.stream(cuts).filter(cut -> cut <= frame.length).toArray();
        Outcome outcome = Deliveries.deliver(buffers + " " + Arrays.toString(inRange), Deliveries::server, frame,
            buffers, inRange);
        assertThat(outcome.events()).as(outcome.way() + ", " + size + " bytes").extracting(Deliveries::describe)
            .containsExactly(expected);
      }
    }
  }

  @Test
  void littleEndianAndDirectInputsDecodeTheSameStreamAsABigEndianHeapBuffer() {
    Keys keys = new Keys(11);
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), keys::next);
    Random random = new Random(11);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 40; i++) {
      stream.writeBytes(Deliveries.bytes(client.binary(ByteBuffer.wrap(RawFrames.random(i, random.nextInt(200))))));
      stream.writeBytes(Deliveries.bytes(client.text(ByteBuffer.wrap(randomUtf8(random, random.nextInt(200))))));
    }
    byte[] all = stream.toByteArray();
    int[] cuts = random.ints(60, 0, all.length + 1).sorted().toArray();

    Outcome reference = Deliveries.deliver("heap", Deliveries::server, all, Buffers.HEAP, cuts);
    Outcome littleEndian = Deliveries.deliver("heap, little-endian", Deliveries::server, all,
        Buffers.HEAP_LITTLE_ENDIAN, cuts);
    Outcome direct = Deliveries.deliver("direct", Deliveries::server, all, Buffers.DIRECT, cuts);
    Outcome directLittleEndian = Deliveries.deliver("direct, little-endian", Deliveries::server, all,
        Buffers.DIRECT_LITTLE_ENDIAN, cuts);

    assertThat(reference.events()).hasSize(80);
    assertThat(littleEndian.summary()).isEqualTo(reference.summary());
    assertThat(direct.summary()).isEqualTo(reference.summary());
    assertThat(directLittleEndian.summary()).isEqualTo(reference.summary());
  }

  @Test
  void aClientAndAServerCloseEachOtherAndBothEndClosed() {
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), new Keys(12)::next);
    WsProtocol server = Deliveries.server();

    client.receive(server.close(new CloseStatus(1001, "going")));
    server.receive(client.pollOutput());

    assertThat(client.nextEvent()).isEqualTo(new WsEvent.Close(new CloseStatus(1001, "going"), true));
    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(CloseStatus.of(1001), true));
    assertThat(server.pollOutput()).isNull();
    assertThat(client.state()).isEqualTo(WsProtocol.State.CLOSED);
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSED);
  }
}
