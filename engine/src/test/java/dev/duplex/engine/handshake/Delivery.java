package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Delivers a head to an incremental parser the ways h11's {@code tests/test_io.py::tr} does: whole, in two pieces
 * split at every offset, and one byte at a time, each time followed by trailing bytes that must stay unread.
 */
final class Delivery {

  /** RFC 6455 section 5.7: a masked text frame "Hello", the kind of bytes a client sends right after its head. */
  static final byte[] MASKED_HELLO =
      {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};

  /** RFC 6455 section 5.7: an unmasked text frame "Hello", the kind of bytes a server sends right after its 101. */
  static final byte[] UNMASKED_HELLO = {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};

  private Delivery() {
  }

  /** What the last piece produced, and the bytes of that piece the parser left. */
  record Fed<R>(R result, byte[] unread) { }

  /**
   * Gives the pieces to {@code parse} in order. Every piece but the last must be consumed entirely and answered
   * with {@code needMoreData}.
   */
  static <R> Fed<R> feed(Function<ByteBuffer, R> parse, R needMoreData, List<byte[]> pieces) {
    for (int i = 0; i < pieces.size() - 1; i++) {
      ByteBuffer piece = ByteBuffer.wrap(pieces.get(i));
      assertThat(parse.apply(piece)).as("result of piece %d", i).isSameAs(needMoreData);
      assertThat(piece.remaining()).as("bytes left of piece %d", i).isZero();
    }
    ByteBuffer last = ByteBuffer.wrap(pieces.get(pieces.size() - 1));
    R result = parse.apply(last);
    byte[] unread = new byte[last.remaining()];
    last.get(unread);
    return new Fed<>(result, unread);
  }

  static List<byte[]> whole(byte[] head, byte[] trailing) {
    return List.of(concat(head, trailing));
  }

  /** For every offset inside the head, two pieces: the head up to the offset, then the rest and the trailing bytes. */
  static List<List<byte[]>> splitAtEveryOffset(byte[] head, byte[] trailing) {
    List<List<byte[]>> splits = new ArrayList<>();
    for (int offset = 1; offset < head.length; offset++) {
      byte[] rest = concat(Arrays.copyOfRange(head, offset, head.length), trailing);
      splits.add(List.of(Arrays.copyOf(head, offset), rest));
    }
    return splits;
  }

  /** One piece per byte of the head; the last byte comes with the trailing bytes. */
  static List<byte[]> byteByByte(byte[] head, byte[] trailing) {
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < head.length - 1; i++) {
      pieces.add(new byte[] {head[i]});
    }
    pieces.add(concat(new byte[] {head[head.length - 1]}, trailing));
    return pieces;
  }

  /** The characters of {@code text} as bytes, one each: HTTP's ISO-8859-1. */
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The remaining bytes of {@code buffer}, which is left as it was. */
  static byte[] array(ByteBuffer buffer) {
    byte[] array = new byte[buffer.remaining()];
    buffer.duplicate().get(array);
    return array;
  }

  static String text(ByteBuffer buffer) {
    return StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString();
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /** Every field as {@code name: value}, in order, unmasked. */
  static List<String> fields(HttpHeaders headers) {
    List<String> fields = new ArrayList<>();
    headers.forEach((name, value) -> fields.add(name + ": " + value));
    return fields;
  }
}
