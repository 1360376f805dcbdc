package dev.duplex.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Input that arrives in pieces, both the bytes and the cuts chosen by the fuzzer: each piece is announced by one
 * byte taken from the end of the data ({@code size - 1}, so 1 to 256 bytes), then taken from the front. A seed file
 * is therefore the input followed by the piece sizes, last piece first; an empty piece comes out when the data ends
 * between a size and its bytes, and is delivered too, since an empty read is an input like any other.
 */
final class Pieces {

  private Pieces() {
  }

  static List<byte[]> consume(FuzzedDataProvider data) {
    List<byte[]> pieces = new ArrayList<>();
    while (data.remainingBytes() > 0) {
      pieces.add(data.consumeBytes(data.consumeInt(1, 256)));
    }
    return pieces;
  }

  static byte[] join(List<byte[]> pieces) {
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    pieces.forEach(whole::writeBytes);
    return whole.toByteArray();
  }

  /**
   * The {@code index}-th piece in one of the kinds of buffer a transport may hand over, in turn: heap, direct,
   * little-endian (the decoder reads eight bytes at a time and must not depend on the byte order), a slice at a
   * non-zero offset amid foreign bytes, read-only.
   */
  static ByteBuffer wrap(byte[] piece, int index) {
    switch (index % 5) {
      case 0:
        return ByteBuffer.wrap(piece.clone());
      case 1:
        return ByteBuffer.allocateDirect(piece.length).put(piece).flip();
      case 2:
        return ByteBuffer.wrap(piece.clone()).order(ByteOrder.LITTLE_ENDIAN);
      case 3: {
        byte[] padded = new byte[piece.length + 11];
        System.arraycopy(piece, 0, padded, 7, piece.length);
        return ByteBuffer.wrap(padded, 3, piece.length + 6).slice().position(4).limit(4 + piece.length);
      }
      default:
        return ByteBuffer.wrap(piece.clone()).asReadOnlyBuffer();
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** At most the first 64 bytes in hex, for failure messages. */
  static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, 64); i++) {
      hex.append(String.format("%02x", bytes[i] & 0xFF));
    }
    return bytes.length > 64 ? hex + "...(" + bytes.length + " bytes)" : hex.toString();
  }
}
