package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connection clocks as pure arithmetic over nanosecond times; the transport tests cover them on sockets. */
class DeadlinesTest {

  private static final long SECOND = 1_000_000_000L;

  private final Deadlines deadlines = new Deadlines(WsConfig.builder()
      .handshakeTimeout(Duration.ofSeconds(5))
      .closeTimeout(Duration.ofSeconds(3))
      .idleTimeout(Duration.ofSeconds(60))
      .pingInterval(Duration.ofSeconds(10))
      .pongTimeout(Duration.ofSeconds(20))
      .build());

  @Test
  void theHandshakeTimeoutRunsFromTheStart() {
    deadlines.started(100);

    assertThat(deadlines.next(true, true)).isEqualTo(100 + 5 * SECOND);
    assertThat(deadlines.handshakeExpired(100 + 5 * SECOND - 1)).isFalse();
    assertThat(deadlines.handshakeExpired(100 + 5 * SECOND)).isTrue();
  }

  @Test
  void aCloseDeadlineComesBeforeEverythingElse() {
    deadlines.opened(0);
    deadlines.closeBy(SECOND);

    assertThat(deadlines.closing()).isTrue();
    assertThat(deadlines.next(false, true)).isEqualTo(4 * SECOND);
    assertThat(deadlines.closeExpired(4 * SECOND)).isTrue();
  }

  @Test
  void anOpenSessionWaitsForTheNextPingOrTheIdleTimeout() {
    deadlines.opened(0);

    assertThat(deadlines.next(false, true)).isEqualTo(10 * SECOND);
    assertThat(deadlines.next(false, false)).as("no heartbeat while not reading").isEqualTo(60 * SECOND);
    assertThat(deadlines.idleExpired(60 * SECOND)).isTrue();
    deadlines.data(30 * SECOND);
    assertThat(deadlines.idleExpired(60 * SECOND)).isFalse();
  }

  @Test
  void aPingIsDueAfterASilentIntervalAndTimesOutWithoutAnswer() {
    deadlines.opened(0);

    assertThat(deadlines.heartbeat(9 * SECOND, true)).isEqualTo(Deadlines.Heartbeat.NOTHING);
    assertThat(deadlines.heartbeat(10 * SECOND, true)).isEqualTo(Deadlines.Heartbeat.PING_DUE);
    deadlines.pingSent(10 * SECOND);
    assertThat(deadlines.next(false, true)).isEqualTo(30 * SECOND);
    assertThat(deadlines.heartbeat(29 * SECOND, true)).isEqualTo(Deadlines.Heartbeat.NOTHING);
    assertThat(deadlines.heartbeat(30 * SECOND, true)).isEqualTo(Deadlines.Heartbeat.TIMED_OUT);
  }

  @Test
  void bytesFromThePeerAnswerThePingAndRestartTheInterval() {
    deadlines.opened(0);
    deadlines.pingSent(10 * SECOND);

    assertThat(deadlines.read(12 * SECOND)).as("a ping was outstanding").isTrue();
    assertThat(deadlines.heartbeat(13 * SECOND, true)).isEqualTo(Deadlines.Heartbeat.NOTHING);
    assertThat(deadlines.read(14 * SECOND)).isFalse();
    assertThat(deadlines.next(false, true)).isEqualTo(24 * SECOND);
  }

  @Test
  void resumedReadingForgetsTheSilenceWhileNotReading() {
    deadlines.opened(0);
    deadlines.pingSent(10 * SECOND);

    deadlines.readingResumed(50 * SECOND);

    assertThat(deadlines.heartbeat(55 * SECOND, true)).isEqualTo(Deadlines.Heartbeat.NOTHING);
    assertThat(deadlines.next(false, true)).isEqualTo(60 * SECOND);
  }
}
