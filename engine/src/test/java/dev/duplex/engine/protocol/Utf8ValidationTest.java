package dev.duplex.engine.protocol;

import static dev.duplex.engine.protocol.RawFrames.concat;
import static dev.duplex.engine.protocol.RawFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.protocol.Deliveries.Outcome;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UTF-8 in text messages and close reasons (RFC 6455 section 8.1): valid text is delivered byte for byte, invalid
 * text fails the connection with 1007 as soon as the first impossible byte arrives, and {@link Utf8Validator}
 * agrees with the JDK's decoder on every 1-, 2- and 3-byte sequence and on random inputs cut at random places.
 * Case ids name the Autobahn 6.x group (after Markus Kuhn's UTF-8 stress test) a case belongs to.
 */
class Utf8ValidationTest {

  static Stream<Arguments> validTexts() {
    return Stream.of(
        Arguments.of("6.1 empty", ""),
        Arguments.of("duplex ASCII", "48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21"),
        Arguments.of("6.2 Hello-µ@ßöäüàá-UTF-8!!",
            "48 65 6c 6c 6f 2d c2 b5 40 c3 9f c3 b6 c3 a4 c3 bc c3 a0 c3 a1 2d 55 54 46 2d 38 21 21"),
        Arguments.of("6.5 κόσμε", "ce ba e1 bd b9 cf 83 ce bc ce b5"),
        Arguments.of("6.7 U+0000, first 1-byte", "00"),
        Arguments.of("6.7 U+0080, first 2-byte", "c2 80"),
        Arguments.of("6.7 U+0800, first 3-byte", "e0 a0 80"),
        Arguments.of("6.7 U+10000, first 4-byte", "f0 90 80 80"),
        Arguments.of("6.9 U+007F, last 1-byte", "7f"),
        Arguments.of("6.9 U+07FF, last 2-byte", "df bf"),
        Arguments.of("6.9 U+FFFF, last 3-byte", "ef bf bf"),
        Arguments.of("6.11 U+D7FF, last before the surrogates", "ed 9f bf"),
        Arguments.of("6.11 U+E000, first after the surrogates", "ee 80 80"),
        Arguments.of("6.11 U+FFFD", "ef bf bd"),
        Arguments.of("6.11 U+10FFFF, the largest code point", "f4 8f bf bf"),
        Arguments.of("6.22 noncharacters U+FFFE and U+10FFFE", "ef bf be f4 8f bf be"),
        Arguments.of("duplex emoji amid ASCII runs longer than 8 bytes",
            "61 62 63 64 65 66 67 68 69 6a f0 9f 98 80 6b 6c 6d 6e 6f 70 71 72 73 74 e2 82 ac"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTexts")
  void validUtf8IsDeliveredByteForByte(String id, String utf8Hex) {
    byte[] utf8 = hex(utf8Hex);

    Outcome outcome = Deliveries.everyWay(RawFrames.text(utf8).masked().bytes());

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Text " + Deliveries.describe(utf8));
    assertThat(((WsEvent.Text) outcome.events().get(0)).text())
        .isEqualTo(new String(utf8, StandardCharsets.UTF_8));
    assertThat(outcome.output()).isEmpty();
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.OPEN);
  }

  static Stream<Arguments> invalidTexts() {
    return Stream.of(
        Arguments.of("6.3 κόσμε-edited, a surrogate inside", "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"),
        Arguments.of("6.8 first 5-byte sequence", "f8 88 80 80 80"),
        Arguments.of("6.8 first 6-byte sequence", "fc 84 80 80 80 80"),
        Arguments.of("6.9 U+1FFFFF, last 4-byte form", "f7 bf bf bf"),
        Arguments.of("6.11 U+110000, just above the largest code point", "f4 90 80 80"),
        Arguments.of("6.12 lone continuation 80", "80"),
        Arguments.of("6.12 lone continuation BF", "bf"),
        Arguments.of("6.12 continuation after ASCII", "61 62 63 80"),
        Arguments.of("6.12 continuations after a complete character", "c2 80 80 80"),
        Arguments.of("6.13 2-byte lead followed by ASCII", "c2 41"),
        Arguments.of("6.13 lonely 5-byte lead F8", "f8 20"),
        Arguments.of("6.13 lonely 6-byte lead FC", "fc 20"),
        Arguments.of("6.14 2-byte sequence truncated at the end", "61 c2"),
        Arguments.of("6.14 3-byte sequence truncated at the end", "61 e2 82"),
        Arguments.of("6.14 4-byte sequence truncated at the end", "61 f0 9f 98"),
        Arguments.of("6.14 lone 3-byte lead at the end", "e0"),
        Arguments.of("6.15 incomplete sequences one after the other", "e2 c2 80"),
        Arguments.of("6.16 impossible byte FE", "fe"),
        Arguments.of("6.16 impossible byte FF", "ff"),
        Arguments.of("6.16 impossible bytes FE FE FF FF", "fe fe ff ff"),
        Arguments.of("6.17 overlong '/' in 2 bytes", "c0 af"),
        Arguments.of("6.17 overlong '/' in 3 bytes", "e0 80 af"),
        Arguments.of("6.17 overlong '/' in 4 bytes", "f0 80 80 af"),
        Arguments.of("6.18 largest overlong 2-byte, U+007F", "c1 bf"),
        Arguments.of("6.18 largest overlong 3-byte, U+07FF", "e0 9f bf"),
        Arguments.of("6.18 largest overlong 4-byte, U+FFFF", "f0 8f bf bf"),
        Arguments.of("6.19 overlong NUL in 2 bytes", "c0 80"),
        Arguments.of("6.20 surrogate U+D800", "ed a0 80"),
        Arguments.of("6.20 surrogate U+DB7F", "ed ad bf"),
        Arguments.of("6.20 surrogate U+DC00", "ed b0 80"),
        Arguments.of("6.20 surrogate U+DFFF", "ed bf bf"),
        Arguments.of("6.21 surrogate pair U+D800 U+DC00", "ed a0 80 ed b0 80"),
        Arguments.of("duplex byte F5, first lead above U+10FFFF", "f5 80 80 80"),
        Arguments.of("duplex invalid byte after 16 ASCII bytes", "61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 ff"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTexts")
  void invalidUtf8FailsTheConnectionWith1007(String id, String utf8Hex) {
    Outcome outcome = Deliveries.everyWay(concat(RawFrames.text(hex(utf8Hex)).masked().bytes(),
        RawFrames.text("after").masked().bytes()));

    assertThat(outcome.events()).hasSize(1);
    WsEvent.Close close = outcome.close();
    assertThat(close.status().code()).isEqualTo(1007);
    assertThat(close.byPeer()).isFalse();
    assertThat(outcome.output()).isEqualTo(FrameDecoderRulesTest.expectedCloseFrame(Role.SERVER, close.status()));
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTexts")
  void invalidUtf8FailsAClientTooWithAMaskedCloseFrame(String id, String utf8Hex) {
    Outcome outcome = Deliveries.whole(Deliveries::client, RawFrames.text(hex(utf8Hex)).bytes());

    WsEvent.Close close = outcome.close();
    assertThat(close.status().code()).isEqualTo(1007);
    assertThat(outcome.output()).isEqualTo(FrameDecoderRulesTest.expectedCloseFrame(Role.CLIENT, close.status()));
  }

  @Test
  void anInvalidByteInTheFirstFragmentFailsWithoutWaitingForTheFinalFragment() {
    byte[] firstFragment = RawFrames.text(hex("61 62 ed a0 80 63")).fin(false).masked().bytes();

    Outcome outcome = Deliveries.everyWay(firstFragment);

    assertThat(outcome.close().status().code()).isEqualTo(1007);
    assertThat(outcome.events()).hasSize(1);
  }

  @Test
  void anInvalidByteFailsBeforeTheRestOfItsFrameArrives() {
    // The frame announces 100 bytes; only the first 4 arrive, and the fourth cannot be UTF-8.
    byte[] frame = RawFrames.text(concat(hex("61 62 63 ff"), RawFrames.repeat('z', 96))).masked().bytes();
    byte[] firstBytes = Arrays.copyOf(frame, 2 + 4 + 4);

    Outcome outcome = Deliveries.everyWay(firstBytes);

    assertThat(outcome.close().status().code()).isEqualTo(1007);
  }

  @Test
  void anImpossibleSecondByteFailsAtOnceWhenTheLeadByteEndedThePreviousRead() {
    WsProtocol server = Deliveries.server();
    byte[] frame = RawFrames.text(hex("61 e0 80 80")).fin(false).masked().bytes();

    server.receive(ByteBuffer.wrap(frame, 0, 2 + 4 + 2));
    assertThat(server.nextEvent()).as("after 'a' and the lead byte E0").isNull();
    server.receive(ByteBuffer.wrap(frame, 8, 1));

    assertThat(Deliveries.describe(server.nextEvent())).startsWith("Close 1007");
  }

  @Test
  void aMessageThatEndsInsideACodePointFailsWhenItsLastFragmentArrives() {
    byte[] input = concat(RawFrames.text(hex("61 e2 82")).fin(false).masked().bytes(),
        RawFrames.continuation(new byte[0]).masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.close().status().code()).isEqualTo(1007);
  }

  @Test
  void anIncompleteCodePointAtTheEndOfANonFinalFragmentIsNotAnErrorYet() {
    Outcome outcome = Deliveries.everyWay(RawFrames.text(hex("61 e2 82")).fin(false).masked().bytes());

    assertThat(outcome.events()).isEmpty();
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.OPEN);
  }

  @Test
  void aCodePointSplitAcrossFragmentsIsValid() {
    byte[] input = concat(RawFrames.text(hex("e2")).fin(false).masked().bytes(),
        RawFrames.continuation(hex("82 ac")).fin(false).masked().bytes(),
        RawFrames.continuation(hex("f0")).fin(false).masked().bytes(),
        RawFrames.ping(new byte[0]).masked().bytes(),
        RawFrames.continuation(hex("9f")).fin(false).masked().bytes(),
        RawFrames.continuation(new byte[0]).fin(false).masked().bytes(),
        RawFrames.continuation(hex("98")).fin(false).masked().bytes(),
        RawFrames.continuation(hex("80")).masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Ping []", "Text [e2 82 ac f0 9f 98 80]");
    assertThat(((WsEvent.Text) outcome.events().get(1)).text()).isEqualTo("€\uD83D\uDE00");
  }

  @Test
  void theNextMessageStartsWithAFreshValidatorAfterAValidOne() {
    // "e2 82" left pending by a bug would make the second message's "ac" look valid, or "a" look invalid.
    byte[] input = concat(RawFrames.text(hex("e2 82 ac")).masked().bytes(), RawFrames.text(hex("61")).masked().bytes(),
        RawFrames.binary(hex("e2 82")).masked().bytes(), RawFrames.text(hex("62")).masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).extracting(Deliveries::describe)
        .containsExactly("Text [e2 82 ac]", "Text [61]", "Binary [e2 82]", "Text [62]");
  }

  @Test
  void binaryMessagesAreNeverValidatedAsUtf8() {
    byte[] input = concat(RawFrames.binary(hex("ff fe ed a0 80")).fin(false).masked().bytes(),
        RawFrames.continuation(hex("c0")).masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Binary [ff fe ed a0 80 c0]");
  }

  @Test
  void theValidatorStaysFailedUntilReset() {
    Utf8Validator validator = new Utf8Validator();

    assertThat(validator.update(hex("ff"), 0, 1)).isFalse();
    assertThat(validator.update(hex("61"), 0, 1)).isFalse();
    assertThat(validator.isComplete()).isFalse();
    validator.reset();
    assertThat(validator.update(hex("61"), 0, 1)).isTrue();
    assertThat(validator.isComplete()).isTrue();
  }

  @Test
  void theValidatorReadsOnlyTheGivenRangeOfTheArray() {
    byte[] bytes = hex("ff ff 61 62 63 64 65 66 67 68 69 6a ff ff");

    assertThat(Utf8Validator.isValid(bytes, 2, 10)).isTrue();
    assertThat(Utf8Validator.isValid(bytes, 1, 10)).isFalse();
    assertThat(Utf8Validator.isValid(bytes, 2, 11)).isFalse();
  }

  // The JDK's decoder as the oracle.

  private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private static final CharBuffer CHARS = CharBuffer.allocate(256);

  private static boolean jdkAccepts(byte[] bytes, int length) {
    return jdkAccepts(ByteBuffer.wrap(bytes, 0, length));
  }

  private static boolean jdkAccepts(ByteBuffer in) {
    JDK.reset();
    CHARS.clear();
    CoderResult result = JDK.decode(in, CHARS, true);
    return !result.isError() && !JDK.flush(CHARS).isError();
  }

  /**
   * Whether some continuation bytes complete {@code prefix} into valid UTF-8. One byte from each continuation range
   * that UTF-8's rules distinguish (80-8F, 90-9F, A0-BF) stands for its whole range.
   */
  private static boolean jdkCanComplete(byte[] prefix, int length) {
    byte[] candidate = Arrays.copyOf(prefix, length + 3);
    int[] representatives = {0x80, 0x90, 0xA0};
    if (jdkAccepts(candidate, length)) {
      return true;
    }
    for (int a : representatives) {
      candidate[length] = (byte) a;
      if (jdkAccepts(candidate, length + 1)) {
        return true;
      }
      for (int b : representatives) {
        candidate[length + 1] = (byte) b;
        if (jdkAccepts(candidate, length + 2)) {
          return true;
        }
        for (int c : representatives) {
          candidate[length + 2] = (byte) c;
          if (jdkAccepts(candidate, length + 3)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Feeds {@code bytes} in pieces ending at {@code cuts}; true when every piece passes and the end is complete. */
  private static boolean validatorAccepts(byte[] bytes, int... cuts) {
    Utf8Validator validator = new Utf8Validator();
    int from = 0;
    boolean ok = true;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : bytes.length;
      ok &= validator.update(bytes, from, to - from);
      from = to;
    }
    return ok && validator.isComplete();
  }

  @Test
  void theValidatorAgreesWithTheJdkOnEveryOneAndTwoByteSequence() {
    byte[] one = new byte[1];
    for (int b = 0; b < 256; b++) {
      one[0] = (byte) b;
      assertThat(validatorAccepts(one)).as("%02x", b).isEqualTo(jdkAccepts(one, 1));
    }
    byte[] two = new byte[2];
    int valid = 0;
    for (int x = 0; x < 1 << 16; x++) {
      two[0] = (byte) (x >> 8);
      two[1] = (byte) x;
      boolean expected = jdkAccepts(two, 2);
      if (validatorAccepts(two) != expected || validatorAccepts(two, 1) != expected) {
        assertThat(validatorAccepts(two)).as("%04x", x).isEqualTo(expected);
        assertThat(validatorAccepts(two, 1)).as("%04x split 1|1", x).isEqualTo(expected);
      }
      valid += expected ? 1 : 0;
    }
    // 128 * 128 ASCII pairs + 1920 two-byte code points (U+0080 to U+07FF).
    assertThat(valid).isEqualTo(128 * 128 + 1920);
  }

  @Test
  void theValidatorAgreesWithTheJdkOnEveryThreeByteSequence() {
    byte[] three = new byte[3];
    ByteBuffer in = ByteBuffer.wrap(three);
    Utf8Validator validator = new Utf8Validator();
    int valid = 0;
    for (int x = 0; x < 1 << 24; x++) {
      three[0] = (byte) (x >> 16);
      three[1] = (byte) (x >> 8);
      three[2] = (byte) x;
      boolean expected = jdkAccepts(in.clear());
      // The cut moves with the bytes so that every split point is met by many sequences of every shape.
      int cut = (x ^ (x >> 8) ^ (x >> 16)) & 3;
      validator.reset();
      boolean actual = cut == 3
          ? validator.update(three, 0, 1) & validator.update(three, 1, 1) & validator.update(three, 2, 1)
          : validator.update(three, 0, cut) & validator.update(three, cut, 3 - cut);
      actual &= validator.isComplete();
      if (actual != expected) {
        assertThat(actual).as("%06x, cut %d", x, cut).isEqualTo(expected);
      }
      valid += expected ? 1 : 0;
    }
    // ASCII^3, ASCII + 2-byte (both orders), and the 3-byte code points U+0800 to U+FFFF minus 2048 surrogates.
    assertThat(valid).isEqualTo(128 * 128 * 128 + 2 * 128 * 1920 + (0x10000 - 0x800 - 0x800));
  }

  @Test
  void theValidatorAgreesWithTheJdkOnRandomBytesCutAtRandomAndFailsAtTheFirstImpossibleByte() {
    Random random = new Random(0x5EED);
    int[] leads = {0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xC0, 0xF5};
    int validCount = 0;
    for (int n = 0; n < 20_000; n++) {
      byte[] bytes = new byte[random.nextInt(48)];
      for (int i = 0; i < bytes.length; i++) {
        int kind = random.nextInt(10);
        if (kind < 3) {
          bytes[i] = (byte) random.nextInt(0x80);
        } else if (kind < 7) {
          bytes[i] = (byte) (0x80 + random.nextInt(0x40));
        } else if (kind < 9) {
          bytes[i] = (byte) leads[random.nextInt(leads.length)];
        } else {
          bytes[i] = (byte) (0x80 + random.nextInt(0x80));
        }
      }
      if (random.nextInt(4) == 0 && bytes.length > 0) {
        // Well-formed text, so that a good share of the inputs is valid and long ASCII runs are scanned 8 at a time.
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes.length) {
          text.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x110000) : 'a' + random.nextInt(26));
        }
        bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      }
      int[] cuts = random.ints(random.nextInt(4), 0, bytes.length + 1).sorted().toArray();
      boolean expected = jdkAccepts(bytes, bytes.length);
      assertThat(validatorAccepts(bytes, cuts)).as("%s cut at %s", RawFrames.toHex(bytes), Arrays.toString(cuts))
          .isEqualTo(expected);
      validCount += expected ? 1 : 0;

      if (!expected) {
        // Byte by byte, the validator must refuse exactly at the first byte after which no completion is valid.
        Utf8Validator validator = new Utf8Validator();
        int refusedAt = -1;
        for (int i = 0; i < bytes.length && refusedAt < 0; i++) {
          if (!validator.update(bytes, i, 1)) {
            refusedAt = i;
          }
        }
        if (refusedAt < 0) {
          assertThat(jdkCanComplete(bytes, bytes.length)).as("%s accepted as a prefix", RawFrames.toHex(bytes))
              .isTrue();
        } else {
          assertThat(jdkCanComplete(bytes, refusedAt)).as("%s refused too early, at %d", RawFrames.toHex(bytes),
              refusedAt).isTrue();
          assertThat(jdkCanComplete(bytes, refusedAt + 1)).as("%s refused too late, at %d", RawFrames.toHex(bytes),
              refusedAt).isFalse();
        }
      }
    }
    assertThat(validCount).as("valid inputs among 20,000").isBetween(4_000, 16_000);
  }
}
