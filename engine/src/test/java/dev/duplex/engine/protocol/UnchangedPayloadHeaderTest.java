package dev.duplex.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.duplex.engine.CloseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A header for a payload written as it is, followed by that payload, is the frame {@link WsProtocol#text} and
 * {@link WsProtocol#binary} encode; where the payload must be transformed there is no such header.
 */
class UnchangedPayloadHeaderTest {

  private static final DeflateParameters AGREED = new DeflateParameters(false, false, 15, 15);

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 125, 126, 2049, 65535, 65536, 1 << 20})
  void headerAndPayloadAreTheWholeFrameAtEveryLengthEncoding(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    ByteBuffer payload = ByteBuffer.wrap(bytes);

    assertThat(concat(server().headerForUnchanged(false, payload), payload))
        .isEqualTo(server().binary(payload));
    ByteBuffer text = ByteBuffer.wrap("é".repeat(size / 2).getBytes(StandardCharsets.UTF_8));
    assertThat(concat(server().headerForUnchanged(true, text), text)).isEqualTo(server().text(text));
    assertThat(payload.remaining()).as("the payload is not consumed").isEqualTo(size);
  }

  @Test
  void aClientMasksSoItHasNoSuchHeader() {
    assertThat(WsProtocol.client(ProtocolLimits.defaults()).headerForUnchanged(false, ByteBuffer.allocate(4096)))
        .isNull();
  }

  @Test
  void aMessageThatDeflateCompressesHasNoSuchHeaderOneBelowTheThresholdHas() {
    DeflateConfig config = DeflateConfig.builder().threshold(4096).build();
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), AGREED, config);

    assertThat(server.headerForUnchanged(false, ByteBuffer.allocate(4096))).isNull();
    ByteBuffer small = ByteBuffer.allocate(4095);
    assertThat(concat(server.headerForUnchanged(false, small), small))
        .isEqualTo(WsProtocol.server(ProtocolLimits.defaults()).binary(small));
  }

  @Test
  void notWhileAFragmentedMessageIsUnderWayNorAfterClose() {
    WsProtocol fragmenting = server();
    fragmenting.binaryFragment(ByteBuffer.allocate(10), false);
    assertThatIllegalStateException()
        .isThrownBy(() -> fragmenting.headerForUnchanged(false, ByteBuffer.allocate(3000)));

    WsProtocol closing = server();
    closing.close(CloseStatus.of(CloseStatus.NORMAL_CLOSURE, "bye"));
    assertThatIllegalStateException()
        .isThrownBy(() -> closing.headerForUnchanged(true, ByteBuffer.allocate(3000)));
  }

  private static WsProtocol server() {
    return WsProtocol.server(ProtocolLimits.defaults());
  }

  private static ByteBuffer concat(ByteBuffer header, ByteBuffer payload) {
    ByteBuffer frame = ByteBuffer.allocate(header.remaining() + payload.remaining());
    frame.put(header.duplicate()).put(payload.duplicate());
    return frame.flip();
  }
}
