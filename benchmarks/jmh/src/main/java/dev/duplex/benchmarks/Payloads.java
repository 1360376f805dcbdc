package dev.duplex.benchmarks;

import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.protocol.WsProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Payloads and pre-encoded frames shared by the benchmarks; all of them repeatable from run to run. */
final class Payloads {

  /** The mask key of every client frame the benchmarks decode: not zero, so unmasking does real work. */
  static final int MASK_KEY = 0x37FA213D;

  private Payloads() {
  }

  /** Random bytes from a fixed seed. */
  static byte[] binary(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(42).nextBytes(bytes);
    return bytes;
  }

  /** Printable ASCII, the fast path of UTF-8 validation. */
  static byte[] ascii(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (' ' + i % 95);
    }
    return bytes;
  }

  /**
   * Valid UTF-8 of exactly {@code size} bytes made of 2-, 3- and 4-byte sequences in turn (é, €, 😀), padded with
   * ASCII at the end when the last sequence would not fit: no ASCII run to skip, every byte goes through the DFA.
   */
  static byte[] mixedUtf8(int size) {
    String[] cycle = {"\u00e9", "\u20ac", "\ud83d\ude00"};
    StringBuilder text = new StringBuilder();
    int bytes = 0;
    for (int i = 0; ; i++) {
      String next = cycle[i % cycle.length];
      int length = next.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + length > size) {
        break;
      }
      text.append(next);
      bytes += length;
    }
    text.append("a".repeat(size - bytes));
    byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
    if (utf8.length != size) {
      throw new AssertionError(utf8.length + " != " + size);
    }
    return utf8;
  }

  /** Fails the trial if the protocol stopped reading, which would leave nothing measured. */
  static void requireOpen(WsProtocol protocol) {
    if (!protocol.isOpen()) {
      throw new IllegalStateException("the protocol closed during the benchmark: " + protocol);
    }
  }

  /** One complete masked frame, as a client sends it, ready to be read again and again from position 0. */
  static ByteBuffer clientFrame(boolean text, byte[] payload) {
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), () -> MASK_KEY);
    ByteBuffer frame = text ? client.text(ByteBuffer.wrap(payload)) : client.binary(ByteBuffer.wrap(payload));
    return ByteBuffer.allocate(frame.remaining()).put(frame).flip();
  }
}
