package dev.duplex.engine.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

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
  /** Most compressed bytes unmasked at a time before inflating them. */
  private static final int SCRATCH = 16 * 1024;

  private final int maxMessageSize;
  private final Utf8Validator utf8 = new Utf8Validator();

  private int opcode = -1;
  private byte[] buffer = EMPTY;
  private int size;
  private boolean compressed;

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

  /** Whether the current message is compressed (its first frame had RSV1 set under permessage-deflate). */
  boolean isCompressed() {
    return compressed;
  }

  /** Starts a message with its first frame. */
  void begin(int messageOpcode, boolean compressedMessage) {
    opcode = messageOpcode;
    size = 0;
    compressed = compressedMessage;
    utf8.reset();
  }

  /**
   * Admits the next frame of the current message once its header announces {@code frameLength} bytes. A
   * compressed message is held to its limit as it inflates instead: its compressed bytes are never buffered.
   */
  void admitFrame(int frameLength) throws PeerViolation {
    if (!compressed && (long) size + frameLength > maxMessageSize) {
      throw PeerViolation.tooBig("message exceeds the limit of " + maxMessageSize + " bytes");
    }
  }

  /** Copies the current frame's next compressed bytes from {@code in} and inflates them into the message. */
  void appendCompressed(FrameDecoder decoder, ByteBuffer in, PerMessageDeflate deflate) throws PeerViolation {
    byte[] scratch = new byte[Math.min(SCRATCH, Math.min(in.remaining(), decoder.payloadRemaining()))];
    while (in.hasRemaining() && !decoder.payloadComplete()) {
      int n = decoder.readPayload(in, scratch, 0, scratch.length);
      deflate.inflate(scratch, 0, n, this);
    }
  }

  /**
   * Drains an inflater into the message, validating text as it grows, and stops with 1009 as soon as the
   * message passes its limit: a small frame that inflates to gigabytes costs at most the limit.
   */
  void inflateFrom(Inflater inflater) throws PeerViolation {
    while (true) {
      if (size == buffer.length) {
        if (size > maxMessageSize) {
          throw PeerViolation.tooBig("message exceeds the limit of " + maxMessageSize + " bytes");
        }
        int capacity = (int) Math.min((long) maxMessageSize + 1, Math.max(2L * buffer.length, 1024));
        buffer = Arrays.copyOf(buffer, capacity);
      }
      int n;
      try {
        n = inflater.inflate(buffer, size, buffer.length - size);
      } catch (DataFormatException e) {
        throw PeerViolation.invalidPayload("compressed message is not valid DEFLATE data");
      }
      if (n > 0) {
        if (opcode == Opcode.TEXT && !utf8.update(buffer, size, n)) {
          throw PeerViolation.invalidPayload("invalid UTF-8 in text message");
        }
        size += n;
        if (size > maxMessageSize) {
          throw PeerViolation.tooBig("message exceeds the limit of " + maxMessageSize + " bytes");
        }
      } else if (inflater.needsInput() || inflater.finished()) {
        return;
      } else if (inflater.needsDictionary()) {
        throw PeerViolation.invalidPayload("compressed message asks for a preset dictionary");
      }
    }
  }

  /** Copies the current frame's next payload bytes from {@code in} and validates them if the message is text. */
  void append(FrameDecoder decoder, ByteBuffer in) throws PeerViolation {
    int wanted = Math.min(decoder.payloadRemaining(), in.remaining());
    ensureCapacity(wanted, decoder.payloadRemaining(), decoder.fin());
    int start = size;
    size += decoder.readPayload(in, buffer, size, wanted);
    if (opcode == Opcode.TEXT && !utf8.update(buffer, start, size - start)) {
      throw PeerViolation.invalidPayload("invalid UTF-8 in text message");
    }
  }

  /**
   * Grows the buffer for {@code wanted} more bytes. The final frame of a message is never given more than it
   * announced; a message still in fragments doubles, so that many small fragments cost amortized copies, not one
   * copy of the whole message per fragment.
   */
  private void ensureCapacity(int wanted, int frameRemaining, boolean finalFrame) {
    int needed = size + wanted;
    if (needed <= buffer.length) {
      return;
    }
    long announced = (long) size + frameRemaining;
    long target = Math.max(needed, Math.max(2L * buffer.length, Math.min(announced, INITIAL_CHUNK)));
    long capacity = finalFrame ? Math.min(announced, target) : Math.min(maxMessageSize, target);
    buffer = Arrays.copyOf(buffer, (int) Math.max(needed, capacity));
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
    // a single-frame message fills its buffer exactly: wrapping it is enough, no slice
    ByteBuffer payload = size == 0 ? ByteBuffer.allocate(0)
        : size == buffer.length ? ByteBuffer.wrap(buffer) : ByteBuffer.wrap(buffer, 0, size).slice();
    buffer = EMPTY;
    size = 0;
    opcode = -1;
    compressed = false;
    return payload;
  }

  /** Drops a message that will never complete, releasing its buffer. */
  void discard() {
    buffer = EMPTY;
    size = 0;
    opcode = -1;
    compressed = false;
  }

  @Override
  public String toString() {
    return inProgress() ? "MessageAssembler[" + Opcode.name(opcode) + " " + size + " bytes]" : "MessageAssembler[idle]";
  }
}
