package dev.duplex.spring.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.metrics.DuplexMeterNames;
import dev.duplex.spring.support.RawHandshake;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Connection caps and handshake rates end to end: refused before the upgrade, with the documented status. */
class ConnectionLimitTests {

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void anAddressOverItsCapIsRefusedWith429AndRetryAfterUntilOneOfItsSessionsEnds() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.connections.max-per-ip=2")) {
      TestSession first = client.connect(app.port(), "/chat");
      client.connect(app.port(), "/chat");

      RawHandshake.Response refused = RawHandshake.to(app.port(), "/chat").send().assertRefused(429, null);
      assertThat(refused.header("Retry-After")).isEqualTo("5");
      assertThat(refused.body()).isEqualTo("too many connections from this address");
      assertThat(handshakes(app, "connection_limit_ip")).isEqualTo(1);

      first.close(CloseStatus.NORMAL);
      first.awaitClose();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> RawHandshake.to(app.port(), "/chat").send().status() == 101);
    }
  }

  @Test
  void aFullServerRefusesWith503AndRetryAfter() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.connections.max-total=2",
        "duplex.rate-limit.connections.retry-after=30s")) {
      client.connect(app.port(), "/chat");
      client.connect(app.port(), "/raw");

      RawHandshake.Response refused = RawHandshake.to(app.port(), "/listener").send().assertRefused(503, null);

      assertThat(refused.header("Retry-After")).isEqualTo("30");
      assertThat(handshakes(app, "connection_limit_total")).isEqualTo(1);
    }
  }

  @Test
  void aUserOverItsCapIsRefusedWith429WhileOtherUsersConnect() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.connections.max-per-user=2")) {
      client.connect(app.port(), "/chat?user=alice");
      client.connect(app.port(), "/raw?user=alice");

      RawHandshake.to(app.port(), "/chat?user=alice").send().assertRefused(429, null);
      assertThat(RawHandshake.to(app.port(), "/chat?user=bob").send().status()).isEqualTo(101);
      assertThat(RawHandshake.to(app.port(), "/chat").send().status()).as("anonymous").isEqualTo(101);
      assertThat(handshakes(app, "connection_limit_user")).isEqualTo(1);
    }
  }

  @Test
  void aUserCapOfZeroCapsNothing() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.connections.max-per-user=0")) {
      assertThat(RawHandshake.to(app.port(), "/chat?user=alice").send().status()).isEqualTo(101);
    }
  }

  @Test
  void handshakesFasterThanTheRateOfAnAddressAreRefusedWith429() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.handshakes.per-second=1",
        "duplex.rate-limit.handshakes.burst=2")) {
      assertThat(RawHandshake.to(app.port(), "/chat").send().status()).isEqualTo(101);
      assertThat(RawHandshake.to(app.port(), "/chat").send().status()).isEqualTo(101);

      RawHandshake.Response refused = RawHandshake.to(app.port(), "/chat").send().assertRefused(429, null);

      assertThat(Integer.parseInt(refused.header("Retry-After"))).isEqualTo(1);
      assertThat(refused.body()).isEqualTo("too many handshakes from this address");
      assertThat(handshakes(app, "handshake_rate_limited")).isEqualTo(1);
    }
  }

  @Test
  void behindATrustedProxyTheCapCountsForwardedClientsApart() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.connections.max-per-ip=1",
        "duplex.server.trusted-proxies=127.0.0.0/8")) {
      client.connect(app.port(), "/chat",
          ConnectOptions.defaults().withHeader("X-Forwarded-For", "198.51.100.7, 127.0.0.5"));

      assertThat(RawHandshake.to(app.port(), "/chat").header("X-Forwarded-For", "198.51.100.8").send().status())
          .isEqualTo(101);
      RawHandshake.to(app.port(), "/chat").header("X-Forwarded-For", "198.51.100.7").send().assertRefused(429, null);
    }
  }

  @Test
  void withoutTrustedProxiesAForwardedAddressDoesNotEscapeTheCap() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.connections.max-per-ip=1")) {
      client.connect(app.port(), "/chat");

      RawHandshake.to(app.port(), "/chat").header("X-Forwarded-For", "198.51.100.8").send().assertRefused(429, null);
    }
  }

  @Test
  void aPermitTakenByAHandshakeThatALaterInterceptorRefusesIsGivenBack() throws IOException {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.connections.max-per-ip=1",
        "duplex.rate-limit.connections.max-total=1")) {
      for (int i = 0; i < 3; i++) {
        RawHandshake.to(app.port(), "/chat?deny=true").send().assertRefused(403, null);
      }

      TestSession session = client.connect(app.port(), "/chat");
      assertThat(session.isClosed()).isFalse();
    }
  }

  private static long handshakes(LimitedApp.Running app, String outcome) {
    Counter counter = app.meters().find(DuplexMeterNames.HANDSHAKES).tag(DuplexMeterNames.TAG_OUTCOME, outcome)
        .counter();
    return counter == null ? 0 : (long) counter.count();
  }
}
