package dev.duplex.engine.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Raw frame bytes, bit by bit, in the spirit of jetty's {@code RawFrameBuilder}: every field is set explicitly,
 * including the ones a correct encoder never produces (reserved bits, reserved opcodes, non-minimal or negative
 * lengths, a length that the payload does not match). It shares no code with {@link FrameEncoder}, so a test that
 * compares the two catches a mistake in either.
 */
final class RawFrames {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** The mask key of the frames a test sends as a client; its four bytes are all different and non-zero. */
  static final int MASK_KEY = 0xA1B2C3D4;

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private RawFrames() {
  }

  static Frame frame(int opcode) {
    return new Frame(opcode);
  }

  static Frame text(String text) {
    return frame(TEXT).payload(utf8(text));
  }

  static Frame text(byte[] utf8) {
    return frame(TEXT).payload(utf8);
  }

  static Frame binary(byte[] data) {
    return frame(BINARY).payload(data);
  }

  static Frame continuation(byte[] data) {
    return frame(CONTINUATION).payload(data);
  }

  static Frame continuation(String text) {
    return frame(CONTINUATION).payload(utf8(text));
  }

  static Frame ping(byte[] data) {
    return frame(PING).payload(data);
  }

  static Frame pong(byte[] data) {
    return frame(PONG).payload(data);
  }

  static Frame close(byte[] body) {
    return frame(CLOSE).payload(body);
  }

  /** The body of a close frame: the code in two bytes, big-endian, then the reason in UTF-8. */
  static byte[] closeBody(int code, String reason) {
    return concat(new byte[] {(byte) (code >> 8), (byte) code}, utf8(reason));
  }

  static byte[] closeBody(int code) {
    return closeBody(code, "");
  }

  /** Parses hex such as {@code "81 05 48 65"}; whitespace between bytes is optional. */
  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] repeat(char c, int count) {
    byte[] bytes = new byte[count];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  static byte[] random(long seed, int count) {
    byte[] bytes = new byte[count];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** XORs {@code bytes} with {@code key} the slow, obvious way (RFC 6455 section 5.3): byte i with key byte i % 4. */
  static byte[] xor(byte[] bytes, int key) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (byte) (bytes[i] ^ (key >>> (8 * (3 - i % 4))));
    }
    return out;
  }

  /** How the payload length is written in the header. */
  enum Length {
    /** The shortest form, as RFC 6455 section 5.2 requires. */
    MINIMAL,
    /** Always 126 and two bytes. */
    BITS_16,
    /** Always 127 and eight bytes. */
    BITS_64
  }

  /** One frame; defaults: FIN set, no reserved bits, no mask, empty payload, minimal length. */
  static final class Frame {

    private final int opcode;
    private boolean fin = true;
    private int rsv;
    private boolean masked;
    private int maskKey;
    private byte[] payload = new byte[0];
    private Length length = Length.MINIMAL;
    private long announced;
    private boolean announcedSet;

    private Frame(int opcode) {
      this.opcode = opcode;
    }

    Frame fin(boolean fin) {
      this.fin = fin;
      return this;
    }

    /** The three reserved bits as a number from 0 to 7: 4 is RSV1, 2 is RSV2, 1 is RSV3. */
    Frame rsv(int rsv) {
      this.rsv = rsv;
      return this;
    }

    /** Masked with {@link #MASK_KEY}, as a client sends it. */
    Frame masked() {
      return masked(MASK_KEY);
    }

    Frame masked(int key) {
      this.masked = true;
      this.maskKey = key;
      return this;
    }

    Frame payload(byte[] payload) {
      this.payload = payload.clone();
      return this;
    }

    Frame payload(String text) {
      return payload(utf8(text));
    }

    Frame length(Length length) {
      this.length = length;
      return this;
    }

    /**
     * Announces {@code length} bytes in the header whatever the payload holds: a header with a huge length and no
     * payload, or a payload that trickles in later. In {@link Length#BITS_64} any 64-bit value goes, the most
     * significant bit included.
     */
    Frame announce(long length) {
      this.announced = length;
      this.announcedSet = true;
      return this;
    }

    byte[] bytes() {
      long declared = announcedSet ? announced : payload.length;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
      int maskBit = masked ? 0x80 : 0;
      Length form = length != Length.MINIMAL ? length
          : declared >= 0 && declared < 126 ? null : declared >= 0 && declared <= 0xFFFF ? Length.BITS_16 : Length.BITS_64;
      if (form == null) {
        out.write(maskBit | (int) declared);
      } else if (form == Length.BITS_16) {
        out.write(maskBit | 126);
        out.write((int) (declared >> 8) & 0xFF);
        out.write((int) declared & 0xFF);
      } else {
        out.write(maskBit | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (declared >>> shift) & 0xFF);
        }
      }
      if (masked) {
        for (int shift = 24; shift >= 0; shift -= 8) {
          out.write((maskKey >>> shift) & 0xFF);
        }
        out.writeBytes(xor(payload, maskKey));
      } else {
        out.writeBytes(payload);
      }
      return out.toByteArray();
    }
  }
}
