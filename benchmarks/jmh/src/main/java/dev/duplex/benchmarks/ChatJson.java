package dev.duplex.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Text shaped like real WebSocket traffic for the compression benchmarks: a stream of JSON chat envelopes with
 * repeated keys and varied values, from a fixed seed.
 */
final class ChatJson {

  private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
  private static final String[] WORDS = {"hello", "room", "deploy", "ship", "review", "lunch", "tomorrow", "fixed",
      "the", "a", "build", "is", "green", "again", "thanks", "see", "you", "later", "merge", "request"};

  private ChatJson() {
  }

  /** Exactly {@code size} bytes of JSON envelopes (the last one cut short when it would not fit: still text). */
  static byte[] of(int size) {
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder json = new StringBuilder(size + 256);
    json.append('[');
    for (int id = 1; json.length() < size; id++) {
      StringBuilder text = new StringBuilder();
      for (int w = 3 + random.nextInt(9); w > 0; w--) {
        text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      json.append("{\"type\":\"chat.message\",\"id\":\"").append(id).append("\",\"data\":{\"from\":\"")
          .append(USERS[random.nextInt(USERS.length)]).append("\",\"text\":\"").append(text.toString().trim())
          .append("\",\"at\":\"2026-11-21T07:").append(10 + random.nextInt(50)).append(':')
          .append(10 + random.nextInt(50)).append("Z\"}},");
    }
    byte[] bytes = json.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    if (bytes.length != size) {
      throw new AssertionError(bytes.length + " != " + size);
    }
    return bytes;
  }
}
