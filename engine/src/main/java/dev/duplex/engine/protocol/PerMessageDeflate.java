package dev.duplex.engine.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compressor and decompressor of one connection under permessage-deflate (RFC 7692 section 7.2).
 *
 * <p>Outbound, a message is deflated with a sync flush and the trailing {@code 00 00 ff ff} is removed. When
 * this side resets its context per message (server_no_context_takeover for a server), whole messages are
 * compressed with a deflater borrowed from the current thread, so the connection holds none. Inbound, the
 * trailer is appended back and the result inflated into the message, never past the message size limit: a
 * compression bomb ends in 1009 once the limit is crossed, with no more memory than the limit.
 *
 * <p>Native zlib state is allocated on first use and freed by {@link #release()}.
 */
final class PerMessageDeflate {

  private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
  private static final ThreadLocal<Deflater> SHARED = ThreadLocal.withInitial(() -> new Deflater(6, true));

  private final boolean resetsOutbound;
  private final boolean peerResets;
  private final int level;
  private final int threshold;
  private Deflater deflater;
  private Inflater inflater;
  private boolean fragmentedMessage;

  PerMessageDeflate(DeflateParameters parameters, Role role, int level, int threshold) {
    this.resetsOutbound = parameters.resetsOutbound(role);
    this.peerResets = parameters.peerResets(role);
    this.level = level;
    this.threshold = threshold;
  }

  /** Whether a message of this size is worth compressing. */
  boolean compresses(int size) {
    return size >= threshold;
  }

  /** Whether every outbound message starts from an empty context, so that one compression serves many peers. */
  boolean resetsOutbound() {
    return resetsOutbound;
  }

  /** Compresses a whole message; {@code payload} is not consumed. */
  ByteBuffer compress(ByteBuffer payload) {
    Deflater compressor;
    if (resetsOutbound) {
      compressor = SHARED.get();
      compressor.reset();
      compressor.setLevel(level);
    } else {
      compressor = ownDeflater();
    }
    return deflate(compressor, payload, true);
  }

  /** Compresses a message once with a fresh context: the form a prepared message is shared in. */
  static ByteBuffer compressAlone(ByteBuffer payload, int level) {
    Deflater compressor = SHARED.get();
    compressor.reset();
    compressor.setLevel(level);
    return deflate(compressor, payload, true);
  }

  /**
   * Compresses one fragment of a message sent in pieces. Each fragment is flushed, so the peer can inflate it
   * as it arrives; only the last loses the trailer.
   */
  ByteBuffer compressFragment(ByteBuffer payload, boolean last) {
    Deflater compressor = ownDeflater();
    if (!fragmentedMessage && resetsOutbound) {
      compressor.reset();
    }
    fragmentedMessage = !last;
    return deflate(compressor, payload, last);
  }

  private Deflater ownDeflater() {
    if (deflater == null) {
      deflater = new Deflater(level, true);
    }
    return deflater;
  }

  private static ByteBuffer deflate(Deflater compressor, ByteBuffer payload, boolean stripTail) {
    compressor.setInput(payload.duplicate());
    byte[] out = new byte[Math.max(64, payload.remaining() / 2 + 64)];
    int length = 0;
    // Until all input is flushed: after a change of level, zlib's first call may only switch parameters.
    while (true) {
      length += compressor.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
      if (length == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      } else if (compressor.needsInput()) {
        break;
      }
    }
    if (length == 0) {
      // zlib skips a flush that repeats the previous one (no input since): write the empty stored block it would
      // have written, whose LEN/NLEN are the trailer the peer appends. Without it the peer's inflater takes that
      // trailer for a block header, and every later message of the context comes out garbled.
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      out[3] = (byte) 0xFF;
      out[4] = (byte) 0xFF;
      length = 5;
    }
    if (stripTail && length >= 4 && out[length - 4] == 0 && out[length - 3] == 0 && out[length - 2] == (byte) 0xFF
        && out[length - 1] == (byte) 0xFF) {
      length -= 4;
    }
    return ByteBuffer.wrap(out, 0, length);
  }

  /** Inflates compressed bytes of the current message into it. */
  void inflate(byte[] compressed, int offset, int length, MessageAssembler message) throws PeerViolation {
    Inflater decompressor = ownInflater();
    decompressor.setInput(compressed, offset, length);
    message.inflateFrom(decompressor);
  }

  /** Ends the current inbound message: the removed trailer goes back in, and the rest comes out. */
  void finishMessage(MessageAssembler message) throws PeerViolation {
    Inflater decompressor = ownInflater();
    if (!decompressor.finished()) {
      decompressor.setInput(TAIL);
      message.inflateFrom(decompressor);
    }
    if (peerResets || decompressor.finished()) {
      decompressor.reset();
    }
  }

  private Inflater ownInflater() {
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    return inflater;
  }

  /** Frees the native state; the connection is over. */
  void release() {
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }

  @Override
  public String toString() {
    return "PerMessageDeflate[level=" + level + ", threshold=" + threshold + ", resetsOutbound=" + resetsOutbound
        + ", peerResets=" + peerResets + "]";
  }
}
