package dev.duplex.engine.protocol;

/**
 * Incremental UTF-8 validation with Björn Höhrmann's DFA. State survives between calls, so a text message is
 * checked fragment by fragment as its bytes arrive, and an invalid sequence is caught at the first byte that
 * makes it impossible (overlong forms, surrogates and code points above U+10FFFF included) instead of at the
 * end of the message.
 *
 * <p>Runs of ASCII are skipped eight bytes at a time.
 */
final class Utf8Validator {

  private static final int ACCEPT = 0;
  private static final int REJECT = 12;
  private static final long NON_ASCII = 0x8080808080808080L;

  /** Byte to character class. */
  private static final byte[] CLASSES = new byte[256];

  /** Transition table: TRANSITIONS[state + class], states being multiples of 12. */
  private static final byte[] TRANSITIONS = {
      0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72,
      12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
      12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12,
      12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
      12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12,
      12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
      12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
      12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
      12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
  };

  static {
    fill(0x80, 0x8F, 1);
    fill(0x90, 0x9F, 9);
    fill(0xA0, 0xBF, 7);
    fill(0xC0, 0xC1, 8);
    fill(0xC2, 0xDF, 2);
    fill(0xE0, 0xE0, 10);
    fill(0xE1, 0xEC, 3);
    fill(0xED, 0xED, 4);
    fill(0xEE, 0xEF, 3);
    fill(0xF0, 0xF0, 11);
    fill(0xF1, 0xF3, 6);
    fill(0xF4, 0xF4, 5);
    fill(0xF5, 0xFF, 8);
  }

  private static void fill(int from, int to, int characterClass) {
    for (int b = from; b <= to; b++) {
      CLASSES[b] = (byte) characterClass;
    }
  }

  private int state = ACCEPT;

  /**
   * Feeds bytes of the message.
   *
   * @return false as soon as the bytes seen so far cannot begin a valid UTF-8 sequence; the validator then stays
   *     failed until {@link #reset()}
   */
  boolean update(byte[] bytes, int offset, int length) {
    int s = state;
    if (s == REJECT) {
      return false;
    }
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (s == ACCEPT) {
        while (i + 8 <= end && (ByteArrays.getLong(bytes, i) & NON_ASCII) == 0) {
          i += 8;
        }
        if (i == end) {
          break;
        }
      }
      s = TRANSITIONS[s + CLASSES[bytes[i++] & 0xFF]];
      if (s == REJECT) {
        state = REJECT;
        return false;
      }
    }
    state = s;
    return true;
  }

  /** Whether the bytes fed so far form complete, valid UTF-8: call at the end of a message. */
  boolean isComplete() {
    return state == ACCEPT;
  }

  void reset() {
    state = ACCEPT;
  }

  /** Validates a complete byte sequence, such as a close reason. */
  static boolean isValid(byte[] bytes, int offset, int length) {
    Utf8Validator validator = new Utf8Validator();
    return validator.update(bytes, offset, length) && validator.isComplete();
  }

  @Override
  public String toString() {
    return "Utf8Validator[" + (state == ACCEPT ? "accept" : state == REJECT ? "reject" : "inside code point") + "]";
  }
}
