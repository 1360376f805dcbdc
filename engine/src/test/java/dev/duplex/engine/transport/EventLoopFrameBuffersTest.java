package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event loop's frame buffers: small frames share an array without overlapping, large ones get their own. */
class EventLoopFrameBuffersTest {

  private final EventLoop loop = new EventLoop("frame-buffers-test");

  @AfterEach
  void closeSelector() throws InterruptedException {
    loop.start();
    loop.shutdown(5000);
  }

  @Test
  void smallFramesAreConsecutiveSlicesOfOneArray() {
    ByteBuffer first = loop.frameBuffers().allocate(34);
    ByteBuffer second = loop.frameBuffers().allocate(10);

    assertThat(first.remaining()).isEqualTo(34);
    assertThat(second.remaining()).isEqualTo(10);
    assertThat(second.array()).isSameAs(first.array());
    assertThat(second.position()).isEqualTo(first.limit());
  }

  @Test
  void aFullArrayIsReplacedAndItsFramesKeepTheirBytes() {
    ByteBuffer first = loop.frameBuffers().allocate(EventLoop.FRAME_ARRAY_SIZE / 8);
    first.put(first.position(), (byte) 42);
    ByteBuffer last = first;
    for (int i = 1; i < 8; i++) {
      last = loop.frameBuffers().allocate(EventLoop.FRAME_ARRAY_SIZE / 8);
    }
    ByteBuffer next = loop.frameBuffers().allocate(1);

    assertThat(last.array()).isSameAs(first.array());
    assertThat(next.array()).isNotSameAs(first.array());
    assertThat(first.get(first.position())).isEqualTo((byte) 42);
  }

  @Test
  void aLargeFrameGetsAnArrayOfItsOwn() {
    ByteBuffer small = loop.frameBuffers().allocate(16);
    ByteBuffer large = loop.frameBuffers().allocate(EventLoop.FRAME_ARRAY_SIZE / 8 + 1);

    assertThat(large.array()).isNotSameAs(small.array()).hasSize(EventLoop.FRAME_ARRAY_SIZE / 8 + 1);
    assertThat(large.position()).isZero();
  }
}
