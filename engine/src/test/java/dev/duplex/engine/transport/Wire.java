package dev.duplex.engine.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Frames and HTTP heads written and read by hand, sharing no code with the engine: the tests' own view of what
 * RFC 6455 puts on the wire.
 */
final class Wire {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private Wire() {
  }

  /** A frame as read from the wire, unmasked. */
  record Frame(boolean fin, int rsv, int opcode, boolean masked, int maskKey, byte[] payload) {

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }

    @Override
    public String toString() {
      return "Frame[fin=" + fin + ", opcode=" + opcode + ", masked=" + masked + ", " + payload.length + " bytes]";
    }
  }

  /** An HTTP response head and its body (read by {@code Content-Length}). */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, by case-insensitive name, or {@code null}. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static int randomMaskKey() {
    return RANDOM.nextInt();
  }

  /** A fresh {@code Sec-WebSocket-Key}: base64 of 16 random bytes. */
  static String newKey() {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  static String acceptKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(utf8(key + GUID));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The opening handshake a well-behaved client sends. */
  static String upgradeRequest(String path, String key, String... extraHeaderLines) {
    StringBuilder request = new StringBuilder()
        .append("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\n")
        .append("Upgrade: websocket\r\n")
        .append("Connection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    for (String line : extraHeaderLines) {
      request.append(line).append("\r\n");
    }
    return request.append("\r\n").toString();
  }

  /** A frame as a client sends it: masked with a random key. */
  static byte[] masked(boolean fin, int opcode, byte[] payload) {
    return frame(fin, 0, opcode, payload, randomMaskKey(), true);
  }

  static byte[] maskedText(String text) {
    return masked(true, TEXT, utf8(text));
  }

  /** A frame as a server sends it: not masked. */
  static byte[] unmasked(boolean fin, int opcode, byte[] payload) {
    return frame(fin, 0, opcode, payload, 0, false);
  }

  static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, int maskKey, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
    out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else if (payload.length <= 0xFFFF) {
      out.write(maskBit | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length);
    } else {
      out.write(maskBit | 127);
      long length = payload.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (length >>> shift));
      }
    }
    byte[] body = payload.clone();
    if (masked) {
      byte[] key = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
      out.write(key, 0, 4);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= key[i & 3];
      }
    }
    out.write(body, 0, body.length);
    return out.toByteArray();
  }

  /** Reads one frame; unmasks it if it is masked. */
  static Frame readFrame(InputStream in) throws IOException {
    int b0 = readByte(in);
    int b1 = readByte(in);
    boolean masked = (b1 & 0x80) != 0;
    long length = b1 & 0x7F;
    if (length == 126) {
      length = (readByte(in) << 8) | readByte(in);
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte(in);
      }
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("frame of " + length + " bytes");
    }
    int maskKey = 0;
    if (masked) {
      for (int i = 0; i < 4; i++) {
        maskKey = (maskKey << 8) | readByte(in);
      }
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length != length) {
      throw new EOFException("stream ended inside a frame payload");
    }
    if (masked) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= (byte) (maskKey >>> (24 - ((i & 3) << 3)));
      }
    }
    return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0x0F, masked, maskKey, payload);
  }

  /** Reads a response head and, if it announces one with {@code Content-Length}, its body. */
  static Response readResponse(InputStream in) throws IOException {
    List<String> lines = readHead(in);
    String[] statusLine = lines.get(0).split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].equals("HTTP/1.1")) {
      throw new IOException("not an HTTP/1.1 status line: " + lines.get(0));
    }
    Map<String, List<String>> headers = headers(lines);
    byte[] body = new byte[0];
    List<String> length = headers.get("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length.get(0)));
    }
    return new Response(Integer.parseInt(statusLine[1]), headers, body);
  }

  /** Reads a request head: the request line first, then the header lines. */
  static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int total = 0;
    while (true) {
      int b = readByte(in);
      if (++total > MAX_HEAD_BYTES) {
        throw new IOException("head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      if (b == '\n' && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
        line.setLength(line.length() - 1);
        if (line.length() == 0) {
          return lines;
        }
        lines.add(line.toString());
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }
  }

  /** Header fields of a head read by {@link #readHead}, by lower-case name. */
  static Map<String, List<String>> headers(List<String> head) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String field : head.subList(1, head.size())) {
      int colon = field.indexOf(':');
      headers.computeIfAbsent(field.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(field.substring(colon + 1).trim());
    }
    return headers;
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("stream ended");
    }
    return b;
  }
}
