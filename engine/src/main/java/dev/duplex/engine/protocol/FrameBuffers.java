package dev.duplex.engine.protocol;

import java.nio.ByteBuffer;

/**
 * Where {@link WsProtocol} writes the frames it encodes. By default each frame gets an array of its own; a
 * transport that writes frames soon after encoding them can hand out consecutive slices of a larger array instead,
 * so that small frames cost no array allocation each.
 */
@FunctionalInterface
public interface FrameBuffers {

  /** A new array per frame. */
  FrameBuffers HEAP = ByteBuffer::allocate;

  /**
   * A heap buffer with exactly {@code size} bytes from its position to its limit, for the encoder to fill. Those
   * bytes belong to the frame until it has been written.
   */
  ByteBuffer allocate(int size);
}
