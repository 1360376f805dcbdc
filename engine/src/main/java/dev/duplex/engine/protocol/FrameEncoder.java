package dev.duplex.engine.protocol;

import java.nio.ByteBuffer;

/**
 * Writes frames (RFC 6455 section 5.2): header and payload in one buffer, with the shortest length encoding,
 * masked when a mask key is given.
 */
public final class FrameEncoder {

  /** The RSV1 bit in the position {@code rsv} arguments take: marks a compressed message. */
  static final int RSV1 = 0x4;

  private FrameEncoder() {
  }

  /** Header size for a payload of {@code length} bytes. */
  static int headerSize(int length, boolean masked) {
    int size = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    return masked ? size + 4 : size;
  }

  /**
   * Encodes an unmasked frame, as a server sends it. The result can be written to any number of connections,
   * which is how a broadcast is encoded once for all its recipients.
   *
   * @param payload bytes from position to limit; not consumed
   * @return a new buffer ready to read, position 0
   */
  public static ByteBuffer unmasked(int opcode, boolean fin, int rsv, ByteBuffer payload) {
    return unmasked(opcode, fin, rsv, payload, FrameBuffers.HEAP);
  }

  /**
   * Encodes an unmasked frame into a buffer from {@code buffers}.
   *
   * @return the frame from position to limit
   */
  static ByteBuffer unmasked(int opcode, boolean fin, int rsv, ByteBuffer payload, FrameBuffers buffers) {
    int length = payload.remaining();
    ByteBuffer frame = buffers.allocate(headerSize(length, false) + length);
    int start = frame.position();
    writeHeader(frame, opcode, fin, rsv, length, false);
    frame.put(frame.position(), payload, payload.position(), length);
    return frame.position(start);
  }

  /**
   * Encodes only the header of an unmasked, final, uncompressed frame whose {@code length} payload bytes are written
   * right after it from where they already are.
   */
  static ByteBuffer unmaskedHeader(int opcode, int length, FrameBuffers buffers) {
    ByteBuffer header = buffers.allocate(headerSize(length, false));
    int start = header.position();
    writeHeader(header, opcode, true, 0, length, false);
    return header.position(start);
  }

  /**
   * Encodes a whole message as one unmasked frame compressed with permessage-deflate from a fresh context (RSV1
   * set): the form a server shares among recipients that negotiated server_no_context_takeover.
   */
  public static ByteBuffer deflated(int opcode, ByteBuffer payload, int level) {
    return unmasked(opcode, true, RSV1, PerMessageDeflate.compressAlone(payload, level));
  }

  /**
   * Encodes a frame masked with {@code maskKey}, as a client sends it (RFC 6455 section 5.3).
   *
   * @param payload bytes from position to limit; not consumed
   */
  static ByteBuffer masked(int opcode, boolean fin, int rsv, ByteBuffer payload, int maskKey) {
    int length = payload.remaining();
    byte[] frame = new byte[headerSize(length, true) + length];
    ByteBuffer out = ByteBuffer.wrap(frame);
    writeHeader(out, opcode, fin, rsv, length, true);
    out.putInt(maskKey);
    int offset = out.position();
    payload.duplicate().get(frame, offset, length);
    mask(frame, offset, length, maskKey);
    return out.position(0);
  }

  private static void writeHeader(ByteBuffer out, int opcode, boolean fin, int rsv, int length, boolean masked) {
    out.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
    int maskBit = masked ? 0x80 : 0;
    if (length < 126) {
      out.put((byte) (maskBit | length));
    } else if (length <= 0xFFFF) {
      out.put((byte) (maskBit | 126));
      out.putShort((short) length);
    } else {
      out.put((byte) (maskBit | 127));
      out.putLong(length);
    }
  }

  /** XORs {@code length} bytes in place with the mask key, eight at a time: masks and unmasks alike. */
  static void mask(byte[] bytes, int offset, int length, int maskKey) {
    // ByteArrays reads little-endian longs: the key bytes are reversed to match
    long mask64 = Long.reverseBytes(((maskKey & 0xFFFFFFFFL) << 32) | (maskKey & 0xFFFFFFFFL));
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      ByteArrays.putLong(bytes, offset + i, ByteArrays.getLong(bytes, offset + i) ^ mask64);
    }
    for (; i < length; i++) {
      bytes[offset + i] ^= (byte) (maskKey >>> (24 - ((i & 3) << 3)));
    }
  }
}
