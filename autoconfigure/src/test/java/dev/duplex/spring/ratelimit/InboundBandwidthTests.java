package dev.duplex.spring.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The inbound byte rate per session: reads pause, nothing is dropped, and other sessions are not slowed. */
class InboundBandwidthTests {

  private static final int KIB = 1024;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void aSessionOverItsByteRateIsReadMoreSlowlyButLosesNothing() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=0",
        "duplex.rate-limit.bandwidth.bytes-per-second=8KB", "duplex.rate-limit.bandwidth.burst=4KB")) {
      TestSession session = client.connect(app.port(), "/listener");
      int messages = 24;
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        byte[] message = new byte[KIB];
        Arrays.fill(message, (byte) i);
        session.sendBinary(message);
      }

      for (int i = 0; i < messages; i++) {
        byte[] echoed = session.nextBinary();
        assertThat(echoed).hasSize(KIB).containsOnly((byte) i);
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      // The last message is read once the 19 KiB the first 23 overdrew the 4 KiB burst by have refilled at
      // 8 KiB/s: not before 2.375 s. This lower bound is the limit working, not a speed claim.
      assertThat(seconds).isGreaterThanOrEqualTo(2.3);
      assertThat(session.isClosed()).isFalse();
    }
  }

  @Test
  void aPausedSessionDoesNotHoldBackAnother() {
    try (LimitedApp.Running app = LimitedApp.start("duplex.rate-limit.messages-per-second=0",
        "duplex.rate-limit.bandwidth.bytes-per-second=1KB")) {
      TestSession slow = client.connect(app.port(), "/listener");
      TestSession other = client.connect(app.port(), "/listener");
      for (int i = 0; i < 3; i++) {
        slow.sendBinary(new byte[KIB]);
      }
      slow.nextBinary();

      other.sendBinary(new byte[] {42});

      assertThat(other.nextBinary()).containsExactly(42);
      assertThat(slow.isClosed()).isFalse();
    }
  }
}
