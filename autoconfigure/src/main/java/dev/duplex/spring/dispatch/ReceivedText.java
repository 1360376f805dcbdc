package dev.duplex.spring.dispatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a received text message into a {@code String}. The engine has already validated them as UTF-8,
 * so the {@code String} constructor is enough: it takes ASCII text at once into a compact string, where
 * {@code Charset.decode} goes through a decoder and a {@code CharBuffer} first, on every message.
 */
final class ReceivedText {

  private ReceivedText() {
  }

  static String decode(ByteBuffer utf8) {
    if (utf8.hasArray()) {
      return new String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[utf8.remaining()];
    utf8.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
