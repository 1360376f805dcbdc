package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTests {

  @ParameterizedTest(name = "pattern {0} and Origin {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      https://app.example.com    | https://app.example.com          | true
      https://app.example.com    | https://app.example.com:443      | true
      https://app.example.com:443| https://app.example.com          | true
      https://app.example.com    | https://APP.example.com          | true
      https://app.example.com    | http://app.example.com           | false
      https://app.example.com    | https://app.example.com:8443     | false
      https://app.example.com    | https://app.example.com.evil.io  | false
      https://*.example.com      | https://a.example.com            | true
      https://*.example.com      | https://a.b.example.com          | true
      https://*.example.com      | https://example.com              | false
      https://*.example.com      | https://notexample.com           | false
      https://*.example.com      | https://*.example.com            | false
      http://localhost:*         | http://localhost:5173            | true
      http://localhost:*         | http://localhost                 | true
      http://localhost:*         | http://localhost.evil.io:5173    | false
      http://[::1]:8080          | http://[::1]:8080                | true
      null                       | null                             | true
      https://app.example.com    | null                             | false
      *                          | https://anything.example         | true
      *                          | null                             | true
      https://app.example.com    | app.example.com                  | false
      """)
  void anAllowListMatchesExactOriginsAndPatterns(String pattern, String origin, boolean allowed) {
    assertThat(OriginPolicy.allowList(List.of(pattern), true).allows(origin, "server.example:8081"))
        .isEqualTo(allowed);
  }

  @ParameterizedTest(name = "Origin {0} with Host {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      https://chat.example.com       | chat.example.com        | true
      https://chat.example.com       | chat.example.com:8081   | true
      http://localhost:8080          | localhost:8081          | true
      http://[::1]:8080              | [::1]:8081              | true
      https://CHAT.example.com       | chat.EXAMPLE.com        | true
      https://evil.example           | chat.example.com        | false
      https://chat.example.com.evil  | chat.example.com        | false
      https://sub.chat.example.com   | chat.example.com        | false
      null                           | chat.example.com        | false
      chat.example.com               | chat.example.com        | false
      """)
  void theDefaultAllowsPagesOfTheSameHostOnly(String origin, String host, boolean allowed) {
    assertThat(OriginPolicy.sameHost(true).allows(origin, host)).isEqualTo(allowed);
  }

  @Test
  void aRequestWithoutOriginIsAllowedOrRefusedAsConfigured() {
    assertThat(OriginPolicy.sameHost(true).allows(null, "a")).isTrue();
    assertThat(OriginPolicy.sameHost(false).allows(null, "a")).isFalse();
    assertThat(OriginPolicy.allowList(List.of("https://a.example"), true).allows(null, "a")).isTrue();
    assertThat(OriginPolicy.allowList(List.of("https://a.example"), false).allows(null, "a")).isFalse();
  }

  @ParameterizedTest(name = "{0} is not an allow-list entry")
  @ValueSource(strings = {"app.example.com", "https://", "https://app.example.com/", "https://app.example.com/path",
      "https://a*.example.com", "https://*.*.example.com", "https://app.example.com:99999", "https://app:x",
      "*.example.com", "https://*."})
  void aMalformedEntryIsRefusedNamingItsIndex(String entry) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OriginPolicy.allowList(List.of("https://ok.example", entry), true))
        .withMessageStartingWith("[1] '" + entry + "'");
  }
}
