package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.support.RawHandshake;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The default origin policy (same host), here with requests without Origin refused too. */
@SpringBootTest(classes = OriginApp.class, properties = {
    "duplex.server.port=0",
    "duplex.server.address=127.0.0.1",
    "duplex.security.origin.allow-missing=false"})
class SameHostOriginTests {

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  SecurityStats stats;

  @Test
  void aPageOfTheSameHostOnAnotherPortIsAllowed() throws IOException {
    assertThat(RawHandshake.to(port, "/echo").header("Origin", "http://127.0.0.1:8080").send().status())
        .isEqualTo(101);
    assertThat(RawHandshake.to(port, "/echo").header("Origin", "https://127.0.0.1").send().status())
        .isEqualTo(101);
  }

  @Test
  void aPageOfAnotherSiteIsRefusedWith403AndCounted() throws IOException {
    long before = stats.count(SecurityStats.Event.ORIGIN_REFUSED);

    RawHandshake.to(port, "/echo").header("Origin", "https://evil.example").send().assertRefused(403, null);
    RawHandshake.to(port, "/echo").header("Origin", "http://127.0.0.1.evil.example").send()
        .assertRefused(403, null);

    assertThat(stats.count(SecurityStats.Event.ORIGIN_REFUSED)).isEqualTo(before + 2);
  }

  @Test
  void theOpaqueOriginIsRefused() throws IOException {
    RawHandshake.to(port, "/echo").header("Origin", "null").send().assertRefused(403, null);
  }

  @Test
  void aRequestWithoutOriginIsRefusedWhenConfiguredSo() throws IOException {
    RawHandshake.to(port, "/echo").send().assertRefused(403, null);
  }
}
