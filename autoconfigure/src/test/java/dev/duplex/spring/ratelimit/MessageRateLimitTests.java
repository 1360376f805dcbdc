package dev.duplex.spring.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.metrics.DuplexMeterNames;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Message rate limits end to end over real sockets: each scope, type and endpoint override, each action. */
class MessageRateLimitTests {

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void aSessionGetsItsBurstAndThenItsRateAndEachRejectionSaysWhenToRetry() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=10",
        "duplex.rate-limit.burst=20")) {
      TestSession session = client.connect(app.port(), "/chat");

      Burst burst = Burst.send(session, "chat.send", 60).assertBucket(20, 10);

      assertThat(burst.rejected()).isPositive();
      assertThat(burst.retryAfterMs()).allSatisfy(wait -> assertThat(wait).isBetween(1L, 100L));
      assertThat(session.isClosed()).isFalse();
      assertThat(rejections(app, "rate.session", "reject")).isEqualTo(burst.rejected());
    }
  }

  @Test
  void theErrorEnvelopeCarriesCodeMessageAndRetryAfter() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=1",
        "duplex.rate-limit.burst=1")) {
      TestSession session = client.connect(app.port(), "/chat");
      session.send("chat.send", "a", "first");
      assertThat(session.nextEnvelope().path("data").asString()).isEqualTo("first");

      session.send("chat.send", "b", "second");
      JsonNode error = session.nextEnvelope();

      assertThat(error.path("type").asString()).isEqualTo("error");
      assertThat(error.path("replyTo").asString()).isEqualTo("b");
      assertThat(error.path("data").path("code").asString()).isEqualTo("rate_limited");
      assertThat(error.path("data").path("message").asString())
          .isEqualTo("too many 'chat.send' messages: at most 1 per second per session");
      assertThat(error.path("data").path("retryAfterMs").asLong()).isBetween(1L, 1000L);
    }
  }

  @Test
  void oneSessionsFloodDoesNotTouchTheBucketOfAnother() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=5",
        "duplex.rate-limit.burst=10")) {
      TestSession flooder = client.connect(app.port(), "/chat");
      TestSession quiet = client.connect(app.port(), "/chat");

      assertThat(Burst.send(flooder, "chat.send", 40).rejected()).isPositive();
      Burst other = Burst.send(quiet, "chat.send", 10);

      assertThat(other.accepted()).isEqualTo(10);
    }
  }

  @Test
  void aMessageTypeWithItsOwnRateDrawsOnItsOwnBucket() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=100",
        "duplex.rate-limit.burst=100",
        "duplex.rate-limit.types[chat.send].messages-per-second=5",
        "duplex.rate-limit.types[chat.send].burst=5",
        "duplex.rate-limit.types[typing.start].messages-per-second=2",
        "duplex.rate-limit.types[typing.start].burst=2")) {
      TestSession session = client.connect(app.port(), "/chat");

      Burst.send(session, "chat.send", 20).assertBucket(5, 5);
      Burst.send(session, "typing.start", 10).assertBucket(2, 2);
      assertThat(Burst.send(session, "ping", 30).accepted()).as("other types use the session's rate").isEqualTo(30);
    }
  }

  @Test
  void aUsersSessionsShareTheUsersBucketAndOtherUsersHaveTheirOwn() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=0",
        "duplex.rate-limit.per-user.messages-per-second=1", "duplex.rate-limit.per-user.burst=6")) {
      TestSession alice1 = client.connect(app.port(), "/chat?user=alice");
      TestSession alice2 = client.connect(app.port(), "/chat?user=alice");
      TestSession bob = client.connect(app.port(), "/chat?user=bob");
      TestSession anonymous = client.connect(app.port(), "/chat");

      Burst first = Burst.send(alice1, "chat.send", 4);
      Burst second = Burst.send(alice2, "chat.send", 6);

      double seconds = (first.elapsedNanos() + second.elapsedNanos()) / 1e9;
      assertThat(first.accepted() + second.accepted()).isBetween(6, 6 + (int) Math.ceil(seconds) + 1);
      assertThat(Burst.send(bob, "chat.send", 6).accepted()).isEqualTo(6);
      assertThat(Burst.send(anonymous, "chat.send", 20).accepted()).as("no user, no user limit").isEqualTo(20);
      assertThat(rejections(app, "rate.user", "reject")).isEqualTo(first.rejected() + second.rejected());
    }
  }

  @Test
  void sessionsFromOneAddressShareItsBucket() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=0",
        "duplex.rate-limit.per-ip.messages-per-second=1", "duplex.rate-limit.per-ip.burst=5")) {
      TestSession first = client.connect(app.port(), "/chat");
      TestSession second = client.connect(app.port(), "/chat");

      Burst a = Burst.send(first, "chat.send", 3);
      Burst b = Burst.send(second, "chat.send", 5);

      double seconds = (a.elapsedNanos() + b.elapsedNanos()) / 1e9;
      assertThat(a.accepted() + b.accepted()).isBetween(5, 5 + (int) Math.ceil(seconds) + 1);
      assertThat(b.rejected()).isPositive();
    }
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=0",
        "duplex.rate-limit.per-ip.messages-per-second=1", "duplex.rate-limit.per-ip.burst=3",
        "duplex.server.trusted-proxies=127.0.0.1")) {
      TestSession one = client.connect(app.port(), "/chat",
          ConnectOptions.defaults().withHeader("X-Forwarded-For", "203.0.113.1"));
      TestSession two = client.connect(app.port(), "/chat",
          ConnectOptions.defaults().withHeader("Forwarded", "for=203.0.113.2;proto=https"));

      assertThat(Burst.send(one, "chat.send", 3).accepted()).isEqualTo(3);
      assertThat(Burst.send(two, "chat.send", 3).accepted()).isEqualTo(3);
    }
  }

  @Test
  void withoutTrustedProxiesForwardedHeadersAreIgnored() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=0",
        "duplex.rate-limit.per-ip.messages-per-second=1", "duplex.rate-limit.per-ip.burst=3")) {
      TestSession one = client.connect(app.port(), "/chat",
          ConnectOptions.defaults().withHeader("X-Forwarded-For", "203.0.113.1"));
      TestSession two = client.connect(app.port(), "/chat",
          ConnectOptions.defaults().withHeader("X-Forwarded-For", "203.0.113.2"));

      Burst a = Burst.send(one, "chat.send", 3);
      Burst b = Burst.send(two, "chat.send", 3);

      assertThat(a.accepted()).isEqualTo(3);
      assertThat(b.accepted()).as("both are 127.0.0.1").isLessThanOrEqualTo(1 + (int) Math.ceil(
          (a.elapsedNanos() + b.elapsedNanos()) / 1e9));
    }
  }

  @Test
  void anEndpointOverrideReplacesTheGlobalRateThere() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=1",
        "duplex.rate-limit.burst=2", "duplex.rate-limit.endpoints[/raw].messages-per-second=0")) {
      TestSession raw = client.connect(app.port(), "/raw");
      TestSession chat = client.connect(app.port(), "/chat");
      for (int i = 0; i < 50; i++) {
        raw.send("r" + i);
      }
      for (int i = 0; i < 50; i++) {
        assertThat(raw.nextText()).isEqualTo("r" + i);
      }

      assertThat(Burst.send(chat, "chat.send", 10).rejected()).isPositive();
    }
  }

  @Test
  void rawTextIsLimitedLikeEnvelopesAndRejectedWithAnErrorEnvelope() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=1",
        "duplex.rate-limit.burst=3")) {
      TestSession session = client.connect(app.port(), "/raw");
      for (int i = 0; i < 10; i++) {
        session.send("r" + i);
      }
      int echoed = 0;
      int rejected = 0;
      for (int i = 0; i < 10; i++) {
        String text = session.nextText();
        if (text.startsWith("{")) {
          assertThat(text).contains("\"code\":\"rate_limited\"").doesNotContain("replyTo");
          rejected++;
        } else {
          echoed++;
        }
      }
      assertThat(echoed).isBetween(3, 5);
      assertThat(rejected).isEqualTo(10 - echoed);
    }
  }

  @Test
  void listenerEndpointsAreLimitedOnTheirTextAndBinary() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=1",
        "duplex.rate-limit.burst=2")) {
      TestSession session = client.connect(app.port(), "/listener");
      session.sendBinary(new byte[] {1});
      session.sendBinary(new byte[] {2});
      session.sendBinary(new byte[] {3});

      assertThat(session.nextBinary()).containsExactly(1);
      assertThat(session.nextBinary()).containsExactly(2);
      assertThat(session.nextEnvelope().path("data").path("code").asString()).isEqualTo("rate_limited");
      assertThat(rejections(app, "rate.session", "reject")).isEqualTo(1);
    }
  }

  @Test
  void theCloseActionEndsTheSessionWith1008() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=1",
        "duplex.rate-limit.burst=2", "duplex.rate-limit.action=close")) {
      TestSession session = client.connect(app.port(), "/chat");
      for (int i = 0; i < 5; i++) {
        session.send("chat.send", "m" + i, "x");
      }

      assertThat(session.nextEnvelope().path("replyTo").asString()).isEqualTo("m0");
      assertThat(session.nextEnvelope().path("replyTo").asString()).isEqualTo("m1");
      CloseStatus status = session.awaitClose();
      assertThat(status.code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
      assertThat(status.reason()).isEqualTo("rate limit exceeded");
      assertThat(rejections(app, "rate.session", "close")).isEqualTo(1);
    }
  }

  @Test
  void aSessionRejectedTooOftenIsClosed() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=1",
        "duplex.rate-limit.burst=1", "duplex.rate-limit.close-after-rejections=3")) {
      TestSession session = client.connect(app.port(), "/chat");
      for (int i = 0; i < 10; i++) {
        session.send("chat.send", "m" + i, "x");
      }

      assertThat(session.nextEnvelope().path("type").asString()).isEqualTo("chat.send");
      assertThat(session.nextEnvelope().path("data").path("code").asString()).isEqualTo("rate_limited");
      assertThat(session.nextEnvelope().path("data").path("code").asString()).isEqualTo("rate_limited");
      assertThat(session.awaitClose().code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
      assertThat(rejections(app, "rate.session", "reject")).isEqualTo(2);
      assertThat(rejections(app, "rate.session", "close")).isEqualTo(1);
    }
  }

  @Test
  void aRateOfZeroLimitsNothing() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=0")) {
      TestSession session = client.connect(app.port(), "/chat");

      assertThat(Burst.send(session, "chat.send", 500).accepted()).isEqualTo(500);
    }
  }

  private static long rejections(LimitedApp.Running app, String limit, String action) {
    Counter counter = app.meters().find(DuplexMeterNames.LIMIT_REJECTIONS).tag(DuplexMeterNames.TAG_LIMIT, limit)
        .tag(DuplexMeterNames.TAG_ACTION, action).counter();
    return counter == null ? 0 : (long) counter.count();
  }
}
