package dev.duplex.spring.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReceivedTextTest {

  private static final String TEXT = "héllo € 😀";

  @Test
  void decodesAHeapBuffer() {
    assertThat(ReceivedText.decode(ByteBuffer.wrap(TEXT.getBytes(StandardCharsets.UTF_8)))).isEqualTo(TEXT);
  }

  @Test
  void decodesOnlyTheRemainingBytesOfASlice() {
    byte[] bytes = ("xx" + TEXT + "yy").getBytes(StandardCharsets.UTF_8);
    ByteBuffer slice = ByteBuffer.wrap(bytes, 2, bytes.length - 4).slice();
    slice.position(1);

    assertThat(ReceivedText.decode(slice)).isEqualTo(TEXT.substring(1));
  }

  @Test
  void decodesADirectBufferWithoutConsumingIt() {
    byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

    assertThat(ReceivedText.decode(direct)).isEqualTo(TEXT);
    assertThat(direct.remaining()).isEqualTo(bytes.length);
  }
}
