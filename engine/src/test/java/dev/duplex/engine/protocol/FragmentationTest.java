package dev.duplex.engine.protocol;

import static dev.duplex.engine.protocol.RawFrames.concat;
import static dev.duplex.engine.protocol.RawFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.engine.PreparedMessage;
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
import org.junit.jupiter.params.provider.ValueSource;

/** Messages in fragments (RFC 6455 section 5.4) and payloads of every length encoding (section 5.2). */
class FragmentationTest {

  @Test
  void aTextMessageInManyFragmentsWithEmptyOnesIsJoined() {
    byte[] input = concat(RawFrames.text("").fin(false).masked().bytes(),
        RawFrames.continuation("He").fin(false).masked().bytes(),
        RawFrames.continuation("").fin(false).masked().bytes(),
        RawFrames.continuation("llo, wörld").fin(false).masked().bytes(),
        RawFrames.continuation("").masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).hasSize(1);
    assertThat(((WsEvent.Text) outcome.events().get(0)).text()).isEqualTo("Hello, wörld");
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void aMessageOfOnlyEmptyFragmentsIsAnEmptyMessage() {
    byte[] input = concat(RawFrames.text("").fin(false).masked().bytes(),
        RawFrames.continuation("").fin(false).masked().bytes(),
        RawFrames.continuation("").masked().bytes(),
        RawFrames.binary(new byte[0]).fin(false).masked().bytes(),
        RawFrames.continuation(new byte[0]).masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Text []", "Binary []");
  }

  @Test
  void emptyTextAndBinaryMessagesInSingleFramesAreDelivered() {
    Outcome outcome = Deliveries.everyWay(concat(RawFrames.text("").masked().bytes(),
        RawFrames.binary(new byte[0]).masked().bytes(), RawFrames.text("").masked().bytes()));

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Text []", "Binary []", "Text []");
    assertThat(((WsEvent.Text) outcome.events().get(0)).text()).isEmpty();
  }

  @Test
  void aBinaryMessageInOneByteFragmentsWithPingsBetweenIsJoinedInOrder() {
    byte[] payload = RawFrames.random(7, 40);
    List<byte[]> frames = new ArrayList<>();
    ByteArrayOutputStream pongs = new ByteArrayOutputStream();
    for (int i = 0; i < payload.length; i++) {
      byte[] one = {payload[i]};
      frames.add((i == 0 ? RawFrames.binary(one) : RawFrames.continuation(one))
          .fin(i == payload.length - 1).masked().bytes());
      if (i % 7 == 3) {
        frames.add(RawFrames.ping(new byte[] {(byte) i}).masked().bytes());
        pongs.writeBytes(new byte[] {(byte) 0x8A, 1, (byte) i});
      }
    }

    Outcome outcome = Deliveries.everyWay(concat(frames.toArray(new byte[0][])));

    List<WsEvent> events = outcome.events();
    assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> assertThat(e).isInstanceOf(WsEvent.Ping.class));
    assertThat(Deliveries.describe(events.get(events.size() - 1))).isEqualTo("Binary " + Deliveries.describe(payload));
    assertThat(outcome.output()).isEqualTo(pongs.toByteArray());
  }

  @Test
  void randomFragmentationsOfRandomMessagesAreJoined() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      byte[] payload = RawFrames.random(round, random.nextInt(300));
      boolean text = random.nextBoolean();
      if (text) {
        payload = new String(payload, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
      }
      int[] cuts = random.ints(random.nextInt(6), 0, payload.length + 1).sorted().toArray();
      List<byte[]> frames = new ArrayList<>();
      int from = 0;
      for (int i = 0; i <= cuts.length; i++) {
        int to = i < cuts.length ? cuts[i] : payload.length;
        byte[] part = Arrays.copyOfRange(payload, from, to);
        RawFrames.Frame frame = i == 0 ? RawFrames.frame(text ? RawFrames.TEXT : RawFrames.BINARY).payload(part)
            : RawFrames.continuation(part);
        frames.add(frame.fin(i == cuts.length).masked(random.nextInt()).bytes());
        from = to;
      }
      byte[] input = concat(frames.toArray(new byte[0][]));

      Outcome outcome = Deliveries.deliver("random pieces", Deliveries::server, input, Deliveries.Buffers.HEAP,
          random.ints(random.nextInt(5), 0, input.length + 1).sorted().toArray());

      assertThat(outcome.events()).as("round %d", round).extracting(Deliveries::describe)
          .containsExactly((text ? "Text " : "Binary ") + Deliveries.describe(payload));
    }
  }

  @ParameterizedTest(name = "1.2 binary payload of {0} bytes")
  @ValueSource(ints = {0, 1, 125, 126, 127, 128, 1000, 65535, 65536, 65537, 1 << 20})
  void payloadsOfEveryLengthEncodingAreDeliveredWhole(int length) {
    byte[] payload = RawFrames.random(length, length);
    byte[] input = RawFrames.binary(payload).masked().bytes();
    int header = length < 126 ? 6 : length <= 0xFFFF ? 8 : 14;
    assertThat(input).hasSize(header + length);

    Outcome outcome = Deliveries.everyWay(Deliveries::server, input, 1, 2, header - 1, header,
        Math.min(header + 1, input.length), input.length - 1);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Binary " + Deliveries.describe(payload));
  }

  @ParameterizedTest(name = "1.1 text payload of {0} bytes")
  @ValueSource(ints = {125, 126, 65535, 65536})
  void textPayloadsOfEveryLengthEncodingAreDeliveredWhole(int length) {
    byte[] payload = RawFrames.repeat('*', length);

    Outcome outcome = Deliveries.everyWay(Deliveries::client, RawFrames.text(payload).bytes());

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Text " + Deliveries.describe(payload));
  }

  @Test
  void aFragmentedMessageOfLargeFramesIsJoined() {
    byte[] a = RawFrames.random(1, 70_000);
    byte[] b = RawFrames.random(2, 300);
    byte[] c = RawFrames.random(3, 70_001);
    byte[] input = concat(RawFrames.binary(a).fin(false).masked().bytes(),
        RawFrames.continuation(b).fin(false).masked().bytes(),
        RawFrames.ping(new byte[0]).masked().bytes(),
        RawFrames.continuation(c).masked().bytes());

    Outcome outcome = Deliveries.everyWay(Deliveries::server, input, 70_010, 70_014, 70_320);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Ping []", "Binary " + Deliveries.describe(concat(a, b, c)));
  }

  @Test
  void aLargeFrameWhoseBytesTrickleInIsReportedOnlyWhenComplete() {
    byte[] payload = RawFrames.random(9, 300_000);
    byte[] frame = RawFrames.binary(payload).masked().bytes();
    WsProtocol server = Deliveries.server();
    Random random = new Random(9);

    int position = 0;
    while (position < frame.length - 1) {
      int n = Math.min(1 + random.nextInt(3000), frame.length - 1 - position);
      ByteBuffer piece = ByteBuffer.wrap(frame, position, n);
      server.receive(piece);
      assertThat(piece.hasRemaining()).isFalse();
      assertThat(server.nextEvent()).as("after %d of %d bytes", position + n, frame.length).isNull();
      position += n;
    }
    server.receive(ByteBuffer.wrap(frame, position, 1));

    assertThat(Deliveries.describe(server.nextEvent())).isEqualTo("Binary " + Deliveries.describe(payload));
    assertThat(server.nextEvent()).isNull();
  }

  @Test
  void aHeaderAnnouncingALargeFrameThenSilenceYieldsNothing() {
    WsProtocol server = Deliveries.server();

    server.receive(ByteBuffer.wrap(RawFrames.frame(RawFrames.BINARY).announce(1 << 20).masked().bytes()));
    server.receive(ByteBuffer.wrap(new byte[0]));

    assertThat(server.nextEvent()).isNull();
    assertThat(server.pollOutput()).isNull();
    assertThat(server.isOpen()).isTrue();
  }

  @Test
  void aNewMessageMayFollowAFragmentedOneOfTheOtherType() {
    byte[] input = concat(RawFrames.text("a").fin(false).masked().bytes(),
        RawFrames.continuation("b").masked().bytes(),
        RawFrames.binary(hex("01")).fin(false).masked().bytes(),
        RawFrames.continuation(hex("02")).masked().bytes(),
        RawFrames.text("c").masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Text [61 62]", "Binary [01 02]", "Text [63]");
  }

  @Test
  void aDeliveredPayloadIsNotOverwrittenByTheNextMessage() {
    WsProtocol server = Deliveries.server();
    server.receive(ByteBuffer.wrap(RawFrames.binary(hex("01 02 03 04")).masked().bytes()));
    WsEvent first = server.nextEvent();

    server.receive(ByteBuffer.wrap(RawFrames.binary(hex("09 09 09 09 09")).masked().bytes()));

    assertThat(Deliveries.bytes(((WsEvent.Binary) first).payload())).isEqualTo(hex("01 02 03 04"));
    assertThat(Deliveries.bytes(((WsEvent.Binary) server.nextEvent()).payload())).isEqualTo(hex("09 09 09 09 09"));
  }

  // Sending fragments.

  @Test
  void fragmentsAreEncodedWithTheFirstOpcodeThenContinuationsAndFinOnTheLast() {
    WsProtocol server = Deliveries.server();

    byte[] text = concat(Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("Hel")), false)),
        Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("l")), false)),
        Deliveries.bytes(server.textFragment(ByteBuffer.allocate(0), false)),
        Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("o")), true)));
    byte[] binary = concat(Deliveries.bytes(server.binaryFragment(ByteBuffer.wrap(hex("01")), false)),
        Deliveries.bytes(server.binaryFragment(ByteBuffer.wrap(hex("02")), true)));
    byte[] single = Deliveries.bytes(server.binaryFragment(ByteBuffer.wrap(hex("03")), true));

    assertThat(text).isEqualTo(hex("01 03 48 65 6c 00 01 6c 00 00 80 01 6f"));
    assertThat(binary).isEqualTo(hex("02 01 01 80 01 02"));
    assertThat(single).as("a first fragment that is also the last").isEqualTo(hex("82 01 03"));
  }

  @Test
  void anotherDataMessageCannotStartWhileAFragmentedOneIsBeingSent() {
    WsProtocol server = Deliveries.server();
    server.textFragment(ByteBuffer.wrap(RawFrames.utf8("a")), false);

    assertThatThrownBy(() -> server.binaryFragment(ByteBuffer.allocate(1), true))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.text("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.text(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.binary(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.prepared(PreparedMessage.text("x"))).isInstanceOf(IllegalStateException.class);

    assertThat(Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("b")), true)))
        .as("the message still ends normally").isEqualTo(hex("80 01 62"));
    assertThat(Deliveries.bytes(server.binary(ByteBuffer.wrap(hex("07"))))).isEqualTo(hex("82 01 07"));
  }

  @Test
  void sentFragmentsOfEveryLengthEncodingDecodeIntoTheMessage() {
    WsProtocol client = Deliveries.client();
    byte[] a = RawFrames.random(11, 125);
    byte[] b = RawFrames.random(12, 126);
    byte[] c = RawFrames.random(13, 65536);
    byte[] sent = concat(Deliveries.bytes(client.binaryFragment(ByteBuffer.wrap(a), false)),
        Deliveries.bytes(client.binaryFragment(ByteBuffer.wrap(b), false)),
        Deliveries.bytes(client.binaryFragment(ByteBuffer.wrap(c), true)));

    Outcome outcome = Deliveries.everyWay(Deliveries::server, sent, 131, 135, 136, 265);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Binary " + Deliveries.describe(concat(a, b, c)));
  }
}
