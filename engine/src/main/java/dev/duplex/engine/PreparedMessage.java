package dev.duplex.engine;

import dev.duplex.engine.protocol.FrameEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A message encoded once and sent to many sessions. A server's frames are not masked, so the same bytes go to
 * every recipient of a broadcast: fan-out to N sessions costs one encode and N references, not N copies.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class PreparedMessage {

  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;

  private final int opcode;
  private final ByteBuffer payload;
  private final ByteBuffer frame;
  private volatile Deflated deflated;

  /** The compressed frame, with the level it was compressed at. */
  private record Deflated(int level, ByteBuffer frame) { }

  private PreparedMessage(int opcode, ByteBuffer payload) {
    this.opcode = opcode;
    this.payload = payload.asReadOnlyBuffer();
    this.frame = FrameEncoder.unmasked(opcode, true, 0, payload).asReadOnlyBuffer();
  }

  public static PreparedMessage text(String text) {
    return new PreparedMessage(TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A text message from bytes that the caller guarantees to be valid UTF-8 (for example, a received text message
   * forwarded as it is).
   */
  public static PreparedMessage utf8(ByteBuffer utf8) {
    return new PreparedMessage(TEXT, copy(utf8));
  }

  public static PreparedMessage binary(ByteBuffer data) {
    return new PreparedMessage(BINARY, copy(data));
  }

  private static ByteBuffer copy(ByteBuffer source) {
    ByteBuffer copy = ByteBuffer.allocate(source.remaining());
    copy.put(source.duplicate());
    return copy.flip();
  }

  public boolean isText() {
    return opcode == TEXT;
  }

  /** The message payload, read-only. */
  public ByteBuffer payload() {
    return payload.duplicate();
  }

  /** The complete unmasked frame, read-only, as a server writes it. */
  public ByteBuffer frame() {
    return frame.duplicate();
  }

  /**
   * The message compressed with permessage-deflate from a fresh context, read-only: computed once per level and
   * shared by every recipient whose connection resets the server's context per message.
   */
  public ByteBuffer deflatedFrame(int level) {
    Deflated cached = deflated;
    if (cached == null || cached.level() != level) {
      cached = new Deflated(level, FrameEncoder.deflated(opcode, payload, level).asReadOnlyBuffer());
      deflated = cached;
    }
    return cached.frame().duplicate();
  }

  /** Size of the payload in bytes. */
  public int size() {
    return payload.remaining();
  }

  /** Size of the encoded frame in bytes. */
  public int frameSize() {
    return frame.remaining();
  }

  @Override
  public String toString() {
    return "PreparedMessage[" + (isText() ? "text" : "binary") + ", " + payload.remaining() + " bytes]";
  }
}
