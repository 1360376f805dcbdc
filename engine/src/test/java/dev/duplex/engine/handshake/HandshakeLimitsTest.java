package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeLimitsTest {

  @Test
  void defaultsToAn8KiBHeadOfAtMost100Fields() {
    HandshakeLimits limits = HandshakeLimits.defaults();

    assertThat(limits.maxHeadBytes()).isEqualTo(8192);
    assertThat(limits.maxHeaders()).isEqualTo(100);
  }

  @Test
  void buildsFromTheDefaultsWithTheChosenLimits() {
    HandshakeLimits limits = HandshakeLimits.builder().maxHeadBytes(4096).build();

    assertThat(limits.maxHeadBytes()).isEqualTo(4096);
    assertThat(limits.maxHeaders()).isEqualTo(100);
  }

  @Test
  void copiesEveryLimitIntoANewBuilder() {
    HandshakeLimits limits = HandshakeLimits.builder().maxHeadBytes(1024).maxHeaders(20).build();

    HandshakeLimits copy = limits.toBuilder().build();

    assertThat(copy.maxHeadBytes()).isEqualTo(1024);
    assertThat(copy.maxHeaders()).isEqualTo(20);
  }

  @ParameterizedTest(name = "a head limit of {0} bytes is refused, naming the setting")
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void refusesAHeadLimitThatIsNotPositive(int bytes) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HandshakeLimits.builder().maxHeadBytes(bytes))
        .withMessageContaining("maxHeadBytes");
  }

  @ParameterizedTest(name = "a limit of {0} header fields is refused, naming the setting")
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void refusesAFieldLimitThatIsNotPositive(int count) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HandshakeLimits.builder().maxHeaders(count))
        .withMessageContaining("maxHeaders");
  }

  @Test
  void tellsItsLimits() {
    assertThat(HandshakeLimits.defaults()).hasToString("HandshakeLimits[maxHeadBytes=8192, maxHeaders=100]");
  }
}
