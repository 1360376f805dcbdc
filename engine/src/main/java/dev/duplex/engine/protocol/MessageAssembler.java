package dev.duplex.engine.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Joins the fragments of one data message (RFC 6455 section 5.4) into a single buffer, validating text as UTF-8
 * while it arrives and holding the message to its size limit.
 *
 * <p>Memory follows the bytes that actually arrive, not the lengths that headers announce: a peer that declares
 * a large frame and then sends nothing costs at most {@link #INITIAL_CHUNK} bytes.
 */
final class MessageAssembler {

  /** Most that is set aside for a payload before its bytes arrive. */
  static final int INITIAL_CHUNK = 64 * 1024;

  private static final byte[] EMPTY = new byte[0];

  private final int maxMessageSize;
  private final Utf8Validator utf8 = new Utf8Validator();

  private int opcode = -1;
  private byte[] buffer = EMPTY;
  private int size;

  MessageAssembler(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /** Whether a fragmented message has begun and not yet ended. */
  boolean inProgress() {
    return opcode != -1;
  }

  boolean isText() {
    return opcode == Opcode.TEXT;
  }

  /** Starts a message with its first frame. */
  void begin(int messageOpcode) {
    opcode = messageOpcode;
    size = 0;
    utf8.reset();
  }

  /** Admits the next frame of the current message once its header announces {@code frameLength} bytes. */
  void admitFrame(int frameLength) throws PeerViolation {
    if ((long) size + frameLength > maxMessageSize) {
      throw PeerViolation.tooBig("message exceeds the limit of " + maxMessageSize + " bytes");
    }
  }

  /** Copies the current frame's next payload bytes from {@code in} and validates them if the message is text. */
  void append(FrameDecoder decoder, ByteBuffer in) throws PeerViolation {
    int wanted = Math.min(decoder.payloadRemaining(), in.remaining());
    ensureCapacity(wanted, decoder.payloadRemaining());
    int start = size;
    size += decoder.readPayload(in, buffer, size, wanted);
    if (opcode == Opcode.TEXT && !utf8.update(buffer, start, size - start)) {
      throw PeerViolation.invalidPayload("invalid UTF-8 in text message");
    }
  }

  private void ensureCapacity(int wanted, int frameRemaining) {
    int needed = size + wanted;
    if (needed <= buffer.length) {
      return;
    }
    int announced = size + frameRemaining;
    int capacity = announced <= INITIAL_CHUNK
        ? announced
        : Math.min(announced, Math.max(needed, Math.max(buffer.length * 2, INITIAL_CHUNK)));
    buffer = Arrays.copyOf(buffer, capacity);
  }

  /**
   * Ends the message after its final frame and hands its payload over.
   *
   * @return the complete payload, owned by the caller from now on
   */
  ByteBuffer finish() throws PeerViolation {
    if (opcode == Opcode.TEXT && !utf8.isComplete()) {
      throw PeerViolation.invalidPayload("text message ends inside a UTF-8 sequence");
    }
    ByteBuffer payload = size == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(buffer, 0, size).slice();
    buffer = EMPTY;
    size = 0;
    opcode = -1;
    return payload;
  }

  /** Drops a message that will never complete, releasing its buffer. */
  void discard() {
    buffer = EMPTY;
    size = 0;
    opcode = -1;
  }

  @Override
  public String toString() {
    return inProgress() ? "MessageAssembler[" + Opcode.name(opcode) + " " + size + " bytes]" : "MessageAssembler[idle]";
  }
}
