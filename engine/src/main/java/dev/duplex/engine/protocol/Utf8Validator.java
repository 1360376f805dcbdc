package dev.duplex.engine.protocol;

/**
 * Incremental UTF-8 validation with Björn Höhrmann's DFA. State survives between calls, so a text message is
 * checked fragment by fragment as its bytes arrive, and an invalid sequence is caught at the first byte that
 * makes it impossible (overlong forms, surrogates and code points above U+10FFFF included) instead of at the
 * end of the message.
 *
 * <p>Runs of ASCII are skipped eight bytes at a time, and whole multibyte sequences are checked without the DFA;
 * the DFA carries a sequence split between two calls.
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
        // Whole sequences are checked directly, which is several times faster than a DFA step per byte (each
        // step waits for the previous one); the DFA is left for a sequence cut off by the end of the input.
        i = skipWholeSequences(bytes, i, end);
        if (i < 0) {
          state = REJECT;
          return false;
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

  /**
   * Skips valid sequences that lie wholly before {@code end}, starting at a sequence boundary.
   *
   * @return where a sequence begins that does not fit before {@code end} (or {@code end}), or -1 for an invalid
   *     sequence; the checks are those of RFC 3629 section 4 (no overlong forms, surrogates or values above
   *     U+10FFFF)
   */
  private static int skipWholeSequences(byte[] bytes, int i, int end) {
    while (i < end) {
      int b0 = bytes[i];
      if (b0 >= 0) {
        i += i + 8 <= end && (ByteArrays.getLong(bytes, i) & NON_ASCII) == 0 ? 8 : 1;
        continue;
      }
      if (b0 >= (byte) 0xC2 && b0 <= (byte) 0xDF) {
        if (i + 2 > end) {
          return i;
        }
        if (!continuation(bytes[i + 1])) {
          return -1;
        }
        i += 2;
      } else if ((b0 & 0xF0) == 0xE0) {
        if (i + 3 > end) {
          return i;
        }
        int b1 = bytes[i + 1];
        // E0 needs A0..BF (no overlong form), ED needs 80..9F (no surrogate)
        boolean b1Valid = b0 == (byte) 0xE0 ? b1 >= (byte) 0xA0 && b1 <= (byte) 0xBF
            : b0 == (byte) 0xED ? b1 >= (byte) 0x80 && b1 <= (byte) 0x9F : continuation(b1);
        if (!b1Valid || !continuation(bytes[i + 2])) {
          return -1;
        }
        i += 3;
      } else if (b0 >= (byte) 0xF0 && b0 <= (byte) 0xF4) {
        if (i + 4 > end) {
          return i;
        }
        int b1 = bytes[i + 1];
        // F0 needs 90..BF (no overlong form), F4 needs 80..8F (at most U+10FFFF)
        boolean b1Valid = b0 == (byte) 0xF0 ? b1 >= (byte) 0x90 && b1 <= (byte) 0xBF
            : b0 == (byte) 0xF4 ? b1 >= (byte) 0x80 && b1 <= (byte) 0x8F : continuation(b1);
        if (!b1Valid || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
          return -1;
        }
        i += 4;
      } else {
        return -1;
      }
    }
    return i;
  }

  /** Whether {@code b} is 10xxxxxx, as signed byte: -128..-65. */
  private static boolean continuation(int b) {
    return b < (byte) 0xC0;
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
