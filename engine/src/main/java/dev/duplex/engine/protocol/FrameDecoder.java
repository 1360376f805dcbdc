package dev.duplex.engine.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads frames (RFC 6455 section 5.2) from bytes that arrive in pieces of any size: first the header, whose rules
 * are checked as soon as the bytes that carry them are known, then the payload, copied out and unmasked in place
 * eight bytes at a time.
 *
 * <p>It knows frames, not messages: fragmentation, UTF-8 and the meaning of control frames belong to
 * {@link WsProtocol}. Header bytes split across reads are kept in a 14-byte array; nothing else is buffered.
 */
final class FrameDecoder {

  private static final int MAX_HEADER = 14;

  private enum State { HEADER, PAYLOAD }

  private final boolean expectMasked;
  private final int maxFrameSize;
  private final byte[] header = new byte[MAX_HEADER];

  private State state = State.HEADER;
  private int headerRead;
  private int headerSize = 2;

  private boolean fin;
  private int rsv;
  private int opcode;
  private int payloadLength;
  private int payloadRead;
  private int mask;

  FrameDecoder(Role role, int maxFrameSize) {
    this.expectMasked = role == Role.SERVER;
    this.maxFrameSize = maxFrameSize;
  }

  /**
   * Consumes header bytes from {@code in}.
   *
   * @return true once the whole header of the next frame has been read and checked; false when {@code in} ran
   *     out first
   */
  boolean readHeader(ByteBuffer in) throws PeerViolation {
    if (headerRead == 0 && in.remaining() >= MAX_HEADER && in.order() == ByteOrder.BIG_ENDIAN) {
      // The usual case, a header that has arrived whole: read it in place instead of copying it out first.
      // A bulk copy of a few bytes out of a direct buffer costs more than the checks themselves.
      int position = in.position();
      int size = checkFirstTwoBytes(in.get(position), in.get(position + 1));
      readLengthAndMask(in, position);
      in.position(position + size);
      state = State.PAYLOAD;
      return true;
    }
    while (headerRead < headerSize) {
      if (!in.hasRemaining()) {
        return false;
      }
      int n = Math.min(headerSize - headerRead, in.remaining());
      in.get(header, headerRead, n);
      headerRead += n;
      if (headerRead == 2) {
        headerSize = checkFirstTwoBytes(header[0], header[1]);
      }
    }
    readLengthAndMask(ByteBuffer.wrap(header), 0);
    state = State.PAYLOAD;
    return true;
  }

  private int checkFirstTwoBytes(byte first, byte second) throws PeerViolation {
    int b0 = first & 0xFF;
    int b1 = second & 0xFF;
    fin = (b0 & 0x80) != 0;
    rsv = (b0 >> 4) & 0x7;
    opcode = b0 & 0x0F;
    boolean masked = (b1 & 0x80) != 0;
    int length7 = b1 & 0x7F;

    // 5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
    if (!Opcode.isKnown(opcode)) {
      throw PeerViolation.protocolError("reserved opcode " + opcode);
    }
    if (Opcode.isControl(opcode)) {
      // 5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
      if (!fin) {
        throw PeerViolation.protocolError("fragmented control frame");
      }
      if (length7 > 125) {
        throw PeerViolation.protocolError("control frame payload over 125 bytes");
      }
    }
    // 5.1: a server MUST close on an unmasked frame; a client MUST close on a masked frame.
    if (masked != expectMasked) {
      throw PeerViolation.protocolError(expectMasked ? "unmasked client frame" : "masked server frame");
    }
    int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    return 2 + extended + (masked ? 4 : 0);
  }

  /** Reads the length and the mask of the header that starts at {@code start} in {@code bytes} (big-endian). */
  private void readLengthAndMask(ByteBuffer bytes, int start) throws PeerViolation {
    int length7 = bytes.get(start + 1) & 0x7F;
    int index = start + 2;
    long length;
    if (length7 == 126) {
      length = bytes.getShort(start + 2) & 0xFFFF;
      index = start + 4;
      // 5.2: "the minimal number of bytes MUST be used to encode the length"
      if (length < 126) {
        throw PeerViolation.protocolError("payload length not minimally encoded");
      }
    } else if (length7 == 127) {
      length = bytes.getLong(start + 2);
      index = start + 10;
      // 5.2: "the most significant bit MUST be 0"
      if (length < 0) {
        throw PeerViolation.protocolError("64-bit payload length with the most significant bit set");
      }
      if (length <= 0xFFFF) {
        throw PeerViolation.protocolError("payload length not minimally encoded");
      }
    } else {
      length = length7;
    }
    if (length > maxFrameSize) {
      throw PeerViolation.tooBig("frame of " + length + " bytes exceeds the limit of " + maxFrameSize);
    }
    payloadLength = (int) length;
    payloadRead = 0;
    mask = expectMasked ? bytes.getInt(index) : 0;
  }

  boolean fin() {
    return fin;
  }

  int rsv() {
    return rsv;
  }

  int opcode() {
    return opcode;
  }

  int payloadLength() {
    return payloadLength;
  }

  int payloadRemaining() {
    return payloadLength - payloadRead;
  }

  boolean payloadComplete() {
    return payloadRead == payloadLength;
  }

  /**
   * Copies the next payload bytes of the current frame from {@code in} into {@code dst}, unmasked.
   *
   * @return how many bytes were copied: at most {@code max}, what {@code in} holds, and what the frame has left
   */
  int readPayload(ByteBuffer in, byte[] dst, int offset, int max) {
    int n = Math.min(Math.min(max, in.remaining()), payloadLength - payloadRead);
    if (mask == 0) {
      in.get(dst, offset, n);
    } else {
      unmask(in, dst, offset, n, Integer.rotateLeft(mask, (payloadRead & 3) << 3));
    }
    payloadRead += n;
    return n;
  }

  /**
   * Copies {@code n} bytes out of {@code in} in one bulk copy and unmasks them in place, eight bytes at a time.
   * Reading the masked bytes eight at a time straight out of the (usually direct) input buffer was half the event
   * loop's time in the 4 KiB echo profile: every access to a direct buffer is checked on its own, while the bulk
   * copy and the loop over the array are not.
   */
  private static void unmask(ByteBuffer in, byte[] dst, int offset, int n, int rotatedMask) {
    in.get(dst, offset, n);
    FrameEncoder.mask(dst, offset, n, rotatedMask);
  }

  /** Prepares for the header of the next frame, once the payload of the current one is complete. */
  void nextFrame() {
    state = State.HEADER;
    headerRead = 0;
    headerSize = 2;
  }

  @Override
  public String toString() {
    return "FrameDecoder[" + state + (state == State.HEADER
        ? " " + headerRead + "/" + headerSize + " bytes"
        : " " + Opcode.name(opcode) + (fin ? " fin" : "") + " payload " + payloadRead + "/" + payloadLength) + "]";
  }
}
