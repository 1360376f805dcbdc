package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeRequestTest {

  @ParameterizedTest(name = "the target {0} has the path {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /                     | /
      /chat                 | /chat
      /chat?room=a          | /chat
      /a%20b                | /a b
      /caf%C3%A9            | /caf\u00e9
      /caf%c3%a9            | /caf\u00e9
      /a+b                  | /a+b
      /a%2Fb                | /a/b
      /%E2%82%AC?x=%20      | /\u20ac
      """)
  void decodesThePathAsUtf8(String target, String path) {
    assertThat(request(target).path()).isEqualTo(path);
  }

  @ParameterizedTest(name = "the target {0} has the query parameters {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /chat                         | {}
      /chat?                        | {}
      /chat?a=1&b=2                 | {a=[1], b=[2]}
      /chat?b=2&a=1&b=3             | {b=[2, 3], a=[1]}
      /chat?q=a+b                   | {q=[a b]}
      /chat?q=a%2Bb                 | {q=[a+b]}
      /chat?q=caf%C3%A9             | {q=[caf\u00e9]}
      /chat?flag                    | {flag=[]}
      /chat?=x                      | {=[x]}
      /chat?a=1=2                   | {a=[1=2]}
      /chat?&&a=1&                  | {a=[1]}
      /chat?na%6De=v&x%20y=z        | {name=[v], x y=[z]}
      /chat?token=a.b.c?d           | {token=[a.b.c?d]}
      """)
  void decodesTheQueryLikeUrlSearchParams(String target, String parameters) {
    assertThat(request(target).queryParameters()).hasToString(parameters);
  }

  @ParameterizedTest(name = "the target {0} has the raw query {1}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      /chat           | null
      /chat?          | ''
      /chat?a=%20+b   | a=%20+b
      """)
  void keepsTheQueryAsReceived(String target, String rawQuery) {
    assertThat(request(target).rawQuery()).isEqualTo(rawQuery);
  }

  @Test
  void givesTheFirstValueOfAQueryParameterOrNull() {
    HandshakeRequest request = request("/chat?access_token=first&access_token=second");

    assertThat(request.queryParameter("access_token")).isEqualTo("first");
    assertThat(request.queryParameter("missing")).isNull();
  }

  @Test
  void keepsTheTargetAsReceived() {
    assertThat(request("/caf%C3%A9?q=a+b").target()).isEqualTo("/caf%C3%A9?q=a+b");
  }

  @Test
  void isAlwaysHttp11() {
    assertThat(request("/").version()).isEqualTo("HTTP/1.1");
  }

  @ParameterizedTest(name = "the target \"{0}\" is refused")
  @ValueSource(strings = {"", "chat", "*", "http://example.com/chat", "example.com:443", "/a b", "/a\tb", "/a#b",
      "/caf\u00e9", "/a%zz", "/a%4", "/a%", "/%C3%28", "/%E2%82", "/?q=%FF", "/?q=100%"})
  void refusesATargetThatIsNotADecodableOriginForm(String target) {
    assertThatIllegalArgumentException().isThrownBy(() -> new HandshakeRequest("GET", target, new HttpHeaders()));
  }

  @ParameterizedTest(name = "the method \"{0}\" is refused")
  @ValueSource(strings = {"", "G T", "GET\r\n"})
  void refusesAMethodThatIsNotAToken(String method) {
    assertThatIllegalArgumentException().isThrownBy(() -> new HandshakeRequest(method, "/", new HttpHeaders()));
  }

  @Test
  void keepsItsOwnReadOnlyCopyOfTheHeaders() {
    HttpHeaders headers = new HttpHeaders().add("Host", "a");
    HandshakeRequest request = new HandshakeRequest("GET", "/", headers);

    headers.add("Upgrade", "websocket");

    assertThat(request.headers().size()).isEqualTo(1);
    assertThatThrownBy(() -> request.headers().add("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> request.queryParameters().put("x", null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void showsItsRequestLineAndHeaders() {
    HandshakeRequest request = new HandshakeRequest("GET", "/chat", new HttpHeaders().add("Host", "a"));

    assertThat(request).hasToString("GET /chat HTTP/1.1 HttpHeaders[Host: a]");
  }

  private static HandshakeRequest request(String target) {
    return new HandshakeRequest("GET", target, new HttpHeaders());
  }
}
