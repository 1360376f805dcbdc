package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.support.RawHandshake;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** duplex.allowed-origins with exact origins and patterns, end to end. */
@SpringBootTest(classes = OriginApp.class, properties = {
    "duplex.server.port=0",
    "duplex.server.address=127.0.0.1",
    "duplex.allowed-origins=https://app.example.com, https://*.example.org, http://localhost:*"})
class AllowedOriginsTests {

  @Value("${local.duplex.port}")
  int port;

  @ParameterizedTest(name = "{0} is allowed")
  @ValueSource(strings = {"https://app.example.com", "https://app.example.com:443", "HTTPS://APP.EXAMPLE.COM",
      "https://chat.example.org", "https://a.b.example.org", "http://localhost:3000", "http://localhost"})
  void anAllowedOriginUpgrades(String origin) throws IOException {
    assertThat(RawHandshake.to(port, "/echo").header("Origin", origin).send().status()).isEqualTo(101);
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"https://evil.example", "http://app.example.com", "https://app.example.com:8443",
      "https://example.org", "https://evil-example.org", "https://localhost:3000", "null",
      "https://app.example.com.evil.example", "not an origin"})
  void anotherOriginIsRefusedWith403(String origin) throws IOException {
    RawHandshake.Response response = RawHandshake.to(port, "/echo").header("Origin", origin).send()
        .assertRefused(403, null);
    assertThat(response.body()).isEqualTo("origin not allowed");
  }

  @Test
  void aRequestWithoutOriginIsAllowedByDefault() throws IOException {
    assertThat(RawHandshake.to(port, "/echo").send().status()).isEqualTo(101);
  }
}
