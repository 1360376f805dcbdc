package dev.duplex.engine.protocol;

import static dev.duplex.engine.protocol.RawFrames.concat;
import static dev.duplex.engine.protocol.RawFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.protocol.Deliveries.Outcome;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 6455 section 5.7, byte for byte: each is decoded by the role that receives it, and encoded
 * by the role that sends it. The masked examples use the RFC's mask key, 37 fa 21 3d.
 */
class Rfc6455ExamplesTest {

  private static final byte[] HELLO = RawFrames.utf8("Hello");
  private static final byte[] UNMASKED_HELLO = hex("81 05 48 65 6c 6c 6f");
  private static final byte[] MASKED_HELLO = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
  private static final byte[] FRAGMENT_HEL = hex("01 03 48 65 6c");
  private static final byte[] FRAGMENT_LO = hex("80 02 6c 6f");
  private static final byte[] UNMASKED_PING = hex("89 05 48 65 6c 6c 6f");
  private static final byte[] MASKED_PONG = hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58");

  private static WsProtocol rfcClient() {
    return WsProtocol.client(ProtocolLimits.defaults(), () -> 0x37fa213d);
  }

  private static WsProtocol server() {
    return WsProtocol.server(ProtocolLimits.defaults());
  }

  private static byte[] binary256() {
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    return data;
  }

  @Test
  void aClientDecodesTheSingleFrameUnmaskedTextMessage() {
    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::rfcClient, UNMASKED_HELLO);

    assertThat(outcome.events()).hasSize(1);
    assertThat(((WsEvent.Text) outcome.events().get(0)).text()).isEqualTo("Hello");
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void aServerEncodesTheSingleFrameUnmaskedTextMessage() {
    assertThat(Deliveries.bytes(server().text("Hello"))).isEqualTo(UNMASKED_HELLO);
    assertThat(Deliveries.bytes(server().text(ByteBuffer.wrap(HELLO)))).isEqualTo(UNMASKED_HELLO);
  }

  @Test
  void aServerDecodesTheSingleFrameMaskedTextMessage() {
    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::server, MASKED_HELLO);

    assertThat(outcome.events()).hasSize(1);
    assertThat(((WsEvent.Text) outcome.events().get(0)).text()).isEqualTo("Hello");
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void aClientWithTheRfcMaskKeyEncodesTheSingleFrameMaskedTextMessage() {
    assertThat(Deliveries.bytes(rfcClient().text("Hello"))).isEqualTo(MASKED_HELLO);
  }

  @Test
  void aClientDecodesTheFragmentedUnmaskedTextMessage() {
    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::rfcClient, concat(FRAGMENT_HEL, FRAGMENT_LO));

    assertThat(outcome.events()).hasSize(1);
    assertThat(((WsEvent.Text) outcome.events().get(0)).text()).isEqualTo("Hello");
  }

  @Test
  void theFirstFragmentAloneIsNotYetAMessage() {
    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::rfcClient, FRAGMENT_HEL);

    assertThat(outcome.events()).isEmpty();
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.OPEN);
  }

  @Test
  void aServerEncodesTheFragmentedUnmaskedTextMessage() {
    WsProtocol server = server();

    assertThat(Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("Hel")), false)))
        .isEqualTo(FRAGMENT_HEL);
    assertThat(Deliveries.bytes(server.textFragment(ByteBuffer.wrap(RawFrames.utf8("lo")), true)))
        .isEqualTo(FRAGMENT_LO);
  }

  @Test
  void aClientAnswersTheUnmaskedPingWithExactlyTheMaskedPong() {
    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::rfcClient, UNMASKED_PING);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Ping [48 65 6c 6c 6f]");
    assertThat(outcome.output()).isEqualTo(MASKED_PONG);
  }

  @Test
  void aServerEncodesTheUnmaskedPingAndAClientTheMaskedPong() {
    assertThat(Deliveries.bytes(server().ping(ByteBuffer.wrap(HELLO)))).isEqualTo(UNMASKED_PING);
    assertThat(Deliveries.bytes(rfcClient().pong(ByteBuffer.wrap(HELLO)))).isEqualTo(MASKED_PONG);
  }

  @Test
  void aServerDecodesTheMaskedPongAndDoesNotAnswerIt() {
    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::server, MASKED_PONG);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Pong [48 65 6c 6c 6f]");
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void aClientDecodes256BytesOfBinaryInASingleUnmaskedFrame() {
    byte[] frame = concat(hex("82 7e 01 00"), binary256());

    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::rfcClient, frame);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Binary " + Deliveries.describe(binary256()));
  }

  @Test
  void aServerEncodes256BytesOfBinaryInASingleUnmaskedFrame() {
    assertThat(Deliveries.bytes(server().binary(ByteBuffer.wrap(binary256()))))
        .isEqualTo(concat(hex("82 7e 01 00"), binary256()));
  }

  @Test
  void aClientDecodes64KibOfBinaryInASingleUnmaskedFrame() {
    byte[] data = RawFrames.random(64, 65536);
    byte[] frame = concat(hex("82 7f 00 00 00 00 00 01 00 00"), data);

    Outcome outcome = Deliveries.everyWay(Rfc6455ExamplesTest::rfcClient, frame, 1, 2, 3, 5, 9, 10, 11, 17, 32_777,
        frame.length - 1);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Binary " + Deliveries.describe(data));
  }

  @Test
  void aServerEncodes64KibOfBinaryInASingleUnmaskedFrame() {
    byte[] data = RawFrames.random(64, 65536);

    assertThat(Deliveries.bytes(server().binary(ByteBuffer.wrap(data))))
        .isEqualTo(concat(hex("82 7f 00 00 00 00 00 01 00 00"), data));
  }
}
