package dev.duplex.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Frames encoded into slices of a shared array are the same bytes as frames with arrays of their own. */
class FrameBuffersTest {

  private final byte[] shared = new byte[1024];
  private int used = 7;

  private ByteBuffer slice(int size) {
    ByteBuffer frame = ByteBuffer.wrap(shared, used, size);
    used += size;
    return frame;
  }

  @Test
  void framesInASharedArrayHoldTheSameBytesAsFramesOfTheirOwn() {
    WsProtocol sliced = WsProtocol.server(ProtocolLimits.defaults());
    sliced.useFrameBuffers(this::slice);
    WsProtocol own = WsProtocol.server(ProtocolLimits.defaults());
    ByteBuffer text = ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8));
    ByteBuffer binary = ByteBuffer.wrap(new byte[300]);

    ByteBuffer first = sliced.text(text);
    ByteBuffer second = sliced.binary(binary);
    ByteBuffer ping = sliced.ping(ByteBuffer.allocate(0));

    assertThat(first).isEqualTo(own.text(text));
    assertThat(second).isEqualTo(own.binary(binary));
    assertThat(ping).isEqualTo(own.ping(ByteBuffer.allocate(0)));
    assertThat(first.array()).isSameAs(shared);
    assertThat(first.position()).isEqualTo(7);
    assertThat(second.position()).isEqualTo(first.limit());
    assertThat(text.remaining()).isEqualTo(5);
  }
}
