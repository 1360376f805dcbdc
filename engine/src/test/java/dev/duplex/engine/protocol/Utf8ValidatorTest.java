package dev.duplex.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The validator against the JDK's strict UTF-8 decoder, over every sequence of two bytes and the boundary values
 * of longer ones, whole and split at every position between two calls: the direct check
 * of whole sequences and the DFA that carries a split one must agree with each other and with the JDK.
 */
class Utf8ValidatorTest {

  private static final CharsetDecoder STRICT = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private static final int[] INTERESTING = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
      0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};

  @Test
  void everyTwoByteSequence() {
    for (int b0 = 0; b0 < 256; b0++) {
      for (int b1 = 0; b1 < 256; b1++) {
        check(new byte[] {(byte) b0, (byte) b1});
      }
    }
  }

  @Test
  void threeByteSequencesWithEveryLeadAndSecondByte() {
    for (int b0 = 0xC0; b0 < 256; b0++) {
      for (int b1 = 0; b1 < 256; b1++) {
        for (int b2 : INTERESTING) {
          check(new byte[] {(byte) b0, (byte) b1, (byte) b2});
        }
      }
    }
  }

  @Test
  void fourByteSequencesAtTheBoundaries() {
    for (int b0 = 0xE0; b0 < 256; b0++) {
      for (int b1 : INTERESTING) {
        for (int b2 : INTERESTING) {
          for (int b3 : INTERESTING) {
            check(new byte[] {(byte) b0, (byte) b1, (byte) b2, (byte) b3});
          }
        }
      }
    }
  }

  @Test
  void sequencesAfterAsciiRunsOfEveryLength() {
    byte[] euro = "€😀é".getBytes(StandardCharsets.UTF_8);
    for (int ascii = 0; ascii < 20; ascii++) {
      byte[] bytes = new byte[ascii + euro.length];
      Arrays.fill(bytes, 0, ascii, (byte) 'a');
      System.arraycopy(euro, 0, bytes, ascii, euro.length);
      check(bytes);
      bytes[bytes.length - 2] = (byte) 0xC0;
      check(bytes);
    }
  }

  private static void check(byte[] bytes) {
    boolean expected = jdkAccepts(bytes);
    if (Utf8Validator.isValid(bytes, 0, bytes.length) != expected) {
      assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).as(hex(bytes)).isEqualTo(expected);
    }
    for (int split = 1; split < bytes.length; split++) {
      Utf8Validator validator = new Utf8Validator();
      boolean valid = validator.update(bytes, 0, split) && validator.update(bytes, split, bytes.length - split)
          && validator.isComplete();
      if (valid != expected) {
        assertThat(valid).as(hex(bytes) + " split at " + split).isEqualTo(expected);
      }
    }
  }

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      STRICT.decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02X ", b & 0xFF));
    }
    return out.toString().trim();
  }
}
