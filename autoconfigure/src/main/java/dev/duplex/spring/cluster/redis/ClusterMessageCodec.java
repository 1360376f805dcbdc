package dev.duplex.spring.cluster.redis;

import dev.duplex.spring.cluster.ClusterMessage;
import dev.duplex.spring.cluster.Target;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a {@link ClusterMessage} on a channel and in a history stream: one ASCII header line, then the
 * payload as it is.
 *
 * <pre>
 * D1 origin kind target except type key T|B offset\n payload
 * </pre>
 *
 * A missing value is {@code -}; a present one is {@code =} and its URL encoding. The offset comes last in the
 * header so that the history script can write it between {@link #head} and {@link #tail}.
 */
final class ClusterMessageCodec {

  private static final String VERSION = "D1";
  private static final int FIELDS = 9;

  byte[] encode(ClusterMessage message) {
    byte[] head = head(message);
    byte[] offset = RedisKeys.bytes(message.hasOffset() ? Long.toString(message.offset()) : "-");
    byte[] tail = tail(message);
    byte[] bytes = Arrays.copyOf(head, head.length + offset.length + tail.length);
    System.arraycopy(offset, 0, bytes, head.length, offset.length);
    System.arraycopy(tail, 0, bytes, head.length + offset.length, tail.length);
    return bytes;
  }

  /** The header up to its offset field. */
  byte[] head(ClusterMessage message) {
    Target target = message.target();
    return RedisKeys.bytes(VERSION + ' ' + field(message.origin()) + ' ' + target.kind().name().charAt(0) + ' '
        + field(target.name()) + ' ' + field(message.except()) + ' ' + field(message.type()) + ' '
        + field(message.key()) + ' ' + (message.binary() ? 'B' : 'T') + ' ');
  }

  /** What follows the offset: the end of the header and the payload. */
  byte[] tail(ClusterMessage message) {
    byte[] tail = new byte[message.payload().length + 1];
    tail[0] = '\n';
    System.arraycopy(message.payload(), 0, tail, 1, message.payload().length);
    return tail;
  }

  /** @throws IllegalArgumentException when the bytes are not a message of this version */
  ClusterMessage decode(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    if (end == bytes.length) {
      throw new IllegalArgumentException("no header line");
    }
    String[] fields = new String(bytes, 0, end, StandardCharsets.US_ASCII).split(" ", -1);
    if (fields.length != FIELDS || !VERSION.equals(fields[0])) {
      throw new IllegalArgumentException("not a " + VERSION + " header");
    }
    Target target = new Target(kind(fields[2]), value(fields[3]));
    long offset = "-".equals(fields[8]) ? ClusterMessage.NO_OFFSET : Long.parseLong(fields[8]);
    return new ClusterMessage(value(fields[1]), target, value(fields[4]), value(fields[5]), value(fields[6]),
        "B".equals(fields[7]), offset, Arrays.copyOfRange(bytes, end + 1, bytes.length));
  }

  private static Target.Kind kind(String field) {
    for (Target.Kind kind : Target.Kind.values()) {
      if (kind.name().substring(0, 1).equals(field)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown target kind " + field);
  }

  private static String field(String value) {
    return value == null ? "-" : "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String value(String field) {
    if ("-".equals(field)) {
      return null;
    }
    if (!field.startsWith("=")) {
      throw new IllegalArgumentException("bad field " + field);
    }
    return URLDecoder.decode(field.substring(1), StandardCharsets.UTF_8);
  }
}
