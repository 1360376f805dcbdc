package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.engine.handshake.ExtensionOffer.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionOfferTest {

  @ParameterizedTest(name = "[{0}] offers [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      permessage-deflate                                     | permessage-deflate
      permessage-deflate; client_max_window_bits             | permessage-deflate; client_max_window_bits
      permessage-deflate; client_max_window_bits=10          | permessage-deflate; client_max_window_bits=10
      x;a=1;b                                                | x; a=1; b
      permessage-deflate ; server_max_window_bits = 10       | permessage-deflate; server_max_window_bits=10
      x; a="10"                                              | x; a=10
      x; a="1\\0"                                            | x; a=10
      x; a="token-with.dots"                                 | x; a=token-with.dots
      a, b; p, c                                             | a / b; p / c
      a,b                                                    | a / b
      x-webkit-deflate-frame, permessage-deflate             | x-webkit-deflate-frame / permessage-deflate
      x; p; p                                                | x; p; p
      x; p=1; p=2                                            | x; p=1; p=2
      a, a                                                   | a / a
      `, , a ,, `                                            | a
      `  `                                                   | ``
      a; =1, b                                               | b
      a b, c                                                 | c
      a; p="x,y", b                                          | b
      a; p="x y", b                                          | b
      a; p="", b                                             | b
      a; p="unterminated, b                                  | ``
      a; p="x\\", b                                          | ``
      a "x,y", b                                             | b
      a "x, y, z", b                                         | b
      a "x\\", y, z", b                                      | b
      a;, b                                                  | b
      a; p=, b                                               | b
      a; p=x y, b                                            | b
      a; p==x, b                                             | b
      =, b                                                   | b
      @bad, b                                                | b
      ;p, b                                                  | b
      a; p="x"y, b                                           | b
      """)
  void readsTheOffersOfOneFieldAndSkipsMalformedOnes(String value, String offers) {
    assertThat(offersIn(List.of(value))).isEqualTo(expected(offers));
  }

  @Test
  void readsTheOffersOfEveryFieldInOrder() {
    List<String> values =
        List.of("permessage-deflate; client_max_window_bits", "broken;", "x-unknown, permessage-deflate");

    assertThat(offersIn(values))
        .containsExactly("permessage-deflate; client_max_window_bits", "x-unknown", "permessage-deflate");
  }

  @Test
  void readsNothingFromNoField() {
    assertThat(ExtensionOffer.parse(List.of())).isEmpty();
  }

  @Test
  void givesNamesAndUnquotedValuesOfParameters() {
    ExtensionOffer offer = ExtensionOffer.parse(List.of("permessage-deflate; server_no_context_takeover; "
        + "client_max_window_bits=\"15\"")).get(0);

    assertThat(offer.name()).isEqualTo("permessage-deflate");
    assertThat(offer.params()).containsExactly(
        new Param("server_no_context_takeover", null), new Param("client_max_window_bits", "15"));
  }

  @Test
  void writesItselfAsAHeaderValue() {
    ExtensionOffer offer = new ExtensionOffer("permessage-deflate",
        List.of(new Param("server_no_context_takeover", null), new Param("server_max_window_bits", "10")));

    assertThat(offer.toHeaderValue())
        .isEqualTo("permessage-deflate; server_no_context_takeover; server_max_window_bits=10");
  }

  @Test
  void keepsItsParametersFromChanging() {
    List<Param> params = new ArrayList<>(List.of(new Param("a", null)));
    ExtensionOffer offer = new ExtensionOffer("x", params);

    params.add(new Param("b", null));

    assertThat(offer.params()).hasSize(1);
    assertThatThrownBy(() -> offer.params().add(new Param("c", null)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest(name = "the extension name \"{0}\" is refused")
  @ValueSource(strings = {"", "a b", "a;b", "a,b", "\"a\""})
  void refusesAnExtensionNameThatIsNotAToken(String name) {
    assertThatIllegalArgumentException().isThrownBy(() -> new ExtensionOffer(name, List.of()));
  }

  @ParameterizedTest(name = "the parameter value \"{0}\" is refused")
  @ValueSource(strings = {"", "a b", "a,b", "\"10\""})
  void refusesAParameterValueThatIsNotAToken(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> new Param("p", value));
  }

  private static List<String> offersIn(List<String> values) {
    return ExtensionOffer.parse(values).stream().map(ExtensionOffer::toHeaderValue).toList();
  }

  /** Expected offers separated by " / ", none when empty. */
  private static List<String> expected(String offers) {
    return offers.isEmpty() ? List.of() : Arrays.asList(offers.split(" / "));
  }
}
