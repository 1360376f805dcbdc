package dev.duplex.engine.protocol;

import static dev.duplex.engine.protocol.RawFrames.concat;
import static dev.duplex.engine.protocol.RawFrames.hex;
import static dev.duplex.engine.protocol.RawFrames.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.protocol.Deliveries.Outcome;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pings and pongs (RFC 6455 sections 5.5.2 and 5.5.3), received and sent. */
class PingPongTest {

  static Stream<Arguments> pingPayloads() {
    return Stream.of(
        Arguments.of("2.1 empty", new byte[0]),
        Arguments.of("2.2 small text", RawFrames.utf8("Hello, world!")),
        Arguments.of("2.3 binary", hex("00 ff fe fd fc fb 00 ff")),
        Arguments.of("2.4 125 bytes", RawFrames.random(125, 125)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pingPayloads")
  void aPingIsAnsweredByAPongWithTheSamePayload(String id, byte[] payload) {
    Outcome outcome = Deliveries.everyWay(RawFrames.ping(payload).masked().bytes());

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Ping " + Deliveries.describe(payload));
    assertThat(outcome.output()).isEqualTo(concat(new byte[] {(byte) 0x8A, (byte) payload.length}, payload));
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.OPEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pingPayloads")
  void aClientAnswersAPingWithAMaskedPong(String id, byte[] payload) {
    Outcome outcome = Deliveries.everyWay(Deliveries::client, RawFrames.ping(payload).bytes());

    assertThat(outcome.output()).isEqualTo(RawFrames.pong(payload).masked(Deliveries.CLIENT_MASK_KEY).bytes());
  }

  @Test
  void tenPingsInOneReadAreAnsweredInOrder() {
    byte[][] pings = new byte[10][];
    byte[][] pongs = new byte[10][];
    for (int i = 0; i < 10; i++) {
      byte[] payload = repeat((char) ('0' + i), i * 12);
      pings[i] = RawFrames.ping(payload).masked().bytes();
      pongs[i] = RawFrames.pong(payload).bytes();
    }

    Outcome outcome = Deliveries.everyWay(concat(pings));

    assertThat(outcome.events()).hasSize(10).allSatisfy(event -> assertThat(event).isInstanceOf(WsEvent.Ping.class));
    assertThat(outcome.output()).isEqualTo(concat(pongs));
  }

  @Test
  void eachPingEventKeepsItsOwnPayloadAfterLaterPings() {
    WsProtocol server = Deliveries.server();
    server.receive(ByteBuffer.wrap(RawFrames.ping(hex("01 02 03")).masked().bytes()));
    WsEvent first = server.nextEvent();
    ByteBuffer firstPong = server.pollOutput();

    server.receive(ByteBuffer.wrap(RawFrames.ping(hex("09 09 09 09")).masked().bytes()));

    assertThat(Deliveries.bytes(((WsEvent.Ping) first).payload())).isEqualTo(hex("01 02 03"));
    assertThat(Deliveries.bytes(firstPong)).isEqualTo(hex("8a 03 01 02 03"));
  }

  @Test
  void noPongIsSentAfterOurClose() {
    Outcome outcome = Deliveries.everyWay(() -> {
      WsProtocol server = Deliveries.server();
      server.close(CloseStatus.NORMAL);
      return server;
    }, RawFrames.ping(hex("68 69")).masked().bytes());

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Ping [68 69]");
    assertThat(outcome.output()).isEmpty();
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSE_SENT);
  }

  @Test
  void aPingBeforeTheCloseInTheSameReadIsAnsweredBeforeTheEcho() {
    Outcome outcome = Deliveries.everyWay(concat(RawFrames.ping(hex("01")).masked().bytes(),
        RawFrames.close(RawFrames.closeBody(1000)).masked().bytes()));

    assertThat(outcome.output()).isEqualTo(hex("8a 01 01 88 02 03 e8"));
  }

  @Test
  void anUnsolicitedPongIsReportedAndNotAnswered() {
    Outcome outcome = Deliveries.everyWay(concat(RawFrames.pong(hex("ab cd")).masked().bytes(),
        RawFrames.pong(new byte[0]).masked().bytes()));

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Pong [ab cd]", "Pong []");
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void controlFramesBetweenFragmentsAreReportedAtOnceAndTheMessageAfterItsLastFragment() {
    byte[] input = concat(
        RawFrames.text("Hel").fin(false).masked().bytes(),
        RawFrames.ping(RawFrames.utf8("p1")).masked().bytes(),
        RawFrames.pong(RawFrames.utf8("q")).masked().bytes(),
        RawFrames.continuation("l").fin(false).masked().bytes(),
        RawFrames.ping(RawFrames.utf8("p2")).masked().bytes(),
        RawFrames.continuation("o").masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly(
        "Ping [70 31]", "Pong [71]", "Ping [70 32]", "Text [48 65 6c 6c 6f]");
    assertThat(outcome.output()).isEqualTo(hex("8a 02 70 31 8a 02 70 32"));
  }

  @Test
  void aPingArrivingInPiecesIsAnsweredOnlyOnceComplete() {
    WsProtocol server = Deliveries.server();
    byte[] ping = RawFrames.ping(repeat('z', 100)).masked().bytes();

    server.receive(ByteBuffer.wrap(ping, 0, 50));
    assertThat(server.nextEvent()).isNull();
    assertThat(server.pollOutput()).isNull();
    server.receive(ByteBuffer.wrap(ping, 50, ping.length - 50));

    assertThat(server.nextEvent()).isInstanceOf(WsEvent.Ping.class);
    assertThat(Deliveries.bytes(server.pollOutput())).isEqualTo(RawFrames.pong(repeat('z', 100)).bytes());
  }

  @Test
  void pingAndPongCommandsEncodeExactFrames() {
    WsProtocol server = Deliveries.server();
    WsProtocol client = Deliveries.client();

    assertThat(Deliveries.bytes(server.ping(ByteBuffer.wrap(hex("01 02"))))).isEqualTo(hex("89 02 01 02"));
    assertThat(Deliveries.bytes(server.pong(ByteBuffer.allocate(0)))).isEqualTo(hex("8a 00"));
    assertThat(Deliveries.bytes(server.ping(ByteBuffer.wrap(repeat('x', 125)))))
        .isEqualTo(RawFrames.ping(repeat('x', 125)).bytes());
    assertThat(Deliveries.bytes(client.ping(ByteBuffer.wrap(hex("01 02")))))
        .isEqualTo(RawFrames.ping(hex("01 02")).masked(Deliveries.CLIENT_MASK_KEY).bytes());
    assertThat(Deliveries.bytes(client.pong(ByteBuffer.wrap(repeat('y', 125)))))
        .isEqualTo(RawFrames.pong(repeat('y', 125)).masked(Deliveries.CLIENT_MASK_KEY).bytes());
  }

  @Test
  void pingAndPongCommandsRefuseMoreThan125BytesAndStayOpen() {
    WsProtocol server = Deliveries.server();

    assertThatThrownBy(() -> server.ping(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.pong(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.isOpen()).isTrue();
  }

  @Test
  void pingCommandsDoNotConsumeTheirPayload() {
    ByteBuffer payload = ByteBuffer.wrap(hex("05 06 07"));

    Deliveries.server().ping(payload);
    Deliveries.client().pong(payload);

    assertThat(payload.remaining()).isEqualTo(3);
  }

  @Test
  void aPingMaySeparateTheFragmentsThatWeSend() {
    WsProtocol server = Deliveries.server();

    byte[] sent = concat(Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("a")), false)),
        Deliveries.bytes(server.ping(ByteBuffer.allocate(0))),
        Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("b")), true)));

    assertThat(sent).isEqualTo(hex("01 01 61 89 00 80 01 62"));
  }
}
