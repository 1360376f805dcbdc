package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Delivery.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadersTest {

  @Test
  void looksUpNamesWithoutRegardToCase() {
    HttpHeaders headers = new HttpHeaders().add("Sec-WebSocket-Key", "k");

    assertThat(headers.first("sec-websocket-key")).isEqualTo("k");
    assertThat(headers.contains("SEC-WEBSOCKET-KEY")).isTrue();
  }

  @Test
  void keepsEveryFieldInOrderWithTheCaseOfItsName() {
    HttpHeaders headers = new HttpHeaders().add("X-A", "1").add("x-b", "2").add("x-a", "3");

    assertThat(headers.first("X-A")).isEqualTo("1");
    assertThat(headers.all("X-A")).containsExactly("1", "3");
    assertThat(headers.size()).isEqualTo(3);
    assertThat(fields(headers)).containsExactly("X-A: 1", "x-b: 2", "x-a: 3");
  }

  @Test
  void answersNullAndEmptyForAnAbsentName() {
    HttpHeaders headers = new HttpHeaders().add("Host", "a");

    assertThat(headers.first("Upgrade")).isNull();
    assertThat(headers.all("Upgrade")).isEmpty();
    assertThat(headers.tokens("Upgrade")).isEmpty();
    assertThat(headers.contains("Upgrade")).isFalse();
  }

  @Test
  void splitsTheElementsOfEveryFieldOfAName() {
    HttpHeaders headers = new HttpHeaders()
        .add("Sec-WebSocket-Protocol", " chat ,, Superchat,\t")
        .add("Host", "a")
        .add("sec-websocket-protocol", ",v2.json");

    assertThat(headers.tokens("Sec-WebSocket-Protocol")).containsExactly("chat", "Superchat", "v2.json");
  }

  @ParameterizedTest(name = "Connection: {0} contains the token upgrade")
  @ValueSource(strings = {"Upgrade", "upgrade", "UPGRADE", "keep-alive, Upgrade", "Upgrade,keep-alive", " upgrade "})
  void findsATokenWithoutRegardToCase(String value) {
    assertThat(new HttpHeaders().add("Connection", value).containsToken("connection", "Upgrade")).isTrue();
  }

  @ParameterizedTest(name = "Connection: {0} does not contain the token upgrade")
  @ValueSource(strings = {"", "keep-alive", "upgraded", "up grade", "keep-alive upgrade"})
  void findsOnlyWholeTokens(String value) {
    assertThat(new HttpHeaders().add("Connection", value).containsToken("Connection", "upgrade")).isFalse();
  }

  @Test
  void findsATokenInAnyFieldOfTheName() {
    HttpHeaders headers = new HttpHeaders().add("Connection", "keep-alive").add("Connection", "Upgrade");

    assertThat(headers.containsToken("Connection", "upgrade")).isTrue();
  }

  @ParameterizedTest(name = "the field name \"{0}\" is refused")
  @ValueSource(strings = {"", "X A", "X-A:", "X(A)", "X\tA", "X\r\nA", "caf\u00e9"})
  void refusesANameThatIsNotAToken(String name) {
    assertThatIllegalArgumentException().isThrownBy(() -> new HttpHeaders().add(name, "v"));
  }

  @ParameterizedTest(name = "a value with U+{0} is refused")
  @CsvSource({"0000", "000A", "000D", "001B", "007F", "20AC"})
  void refusesAValueThatWouldBreakTheHead(String codePoint) {
    String value = "a" + (char) Integer.parseInt(codePoint, 16) + "b";

    assertThatIllegalArgumentException().isThrownBy(() -> new HttpHeaders().add("X-A", value));
  }

  @Test
  void acceptsTabsAndIso88591CharactersInAValue() {
    HttpHeaders headers = new HttpHeaders().add("X-A", "a\tb \u00e9\u00ff");

    assertThat(headers.first("X-A")).isEqualTo("a\tb \u00e9\u00ff");
  }

  @Test
  void passesEveryFieldInOrder() {
    List<String> seen = new ArrayList<>();

    new HttpHeaders().add("A", "1").add("B", "2").forEach((name, value) -> seen.add(name + "=" + value));

    assertThat(seen).containsExactly("A=1", "B=2");
  }

  @Test
  void leavesTheOriginalAloneWhenACopyChanges() {
    HttpHeaders original = new HttpHeaders().add("A", "1");

    original.mutableCopy().add("B", "2");

    assertThat(original.size()).isEqualTo(1);
  }

  @Test
  void refusesAdditionsToAReadOnlyCopy() {
    HttpHeaders readOnly = new HttpHeaders().add("A", "1").readOnlyCopy();

    assertThatThrownBy(() -> readOnly.add("B", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> readOnly.all("A").add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void showsItsFieldsButMasksCredentials() {
    HttpHeaders headers = new HttpHeaders()
        .add("Host", "a")
        .add("authorization", "Bearer secret")
        .add("Cookie", "session=secret")
        .add("Proxy-Authorization", "Basic secret");

    assertThat(headers).hasToString("HttpHeaders[Host: a, authorization: ***, Cookie: ***, Proxy-Authorization: ***]");
  }
}
