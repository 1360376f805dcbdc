package dev.duplex.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomHistoryRingTests {

  private final MutableClock clock = new MutableClock();
  private final RoomHistoryRing ring = new RoomHistoryRing(3, Duration.ofMinutes(1), clock);
  private final List<Long> delivered = new ArrayList<>();

  @Test
  void messagesGetConsecutiveOffsetsAndAreGivenOnInThatOrder() {
    append(4);

    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void whatTheRingStillHoldsIsReturnedOldestFirst() {
    append(5);

    HistorySlice slice = ring.after(3);

    assertThat(slice.complete()).isTrue();
    assertThat(slice.messages()).extracting(ClusterMessage::offset).containsExactly(4L, 5L);
    assertThat(slice.latest()).isEqualTo(5);
  }

  @Test
  void aGapLargerThanTheRingIsIncompleteWithItsSize() {
    append(5);

    HistorySlice slice = ring.after(1);

    assertThat(slice.complete()).isFalse();
    assertThat(slice.missed()).isEqualTo(4);
  }

  @Test
  void messagesOlderThanTheMaximumAgeLeave() {
    append(2);
    clock.advance(Duration.ofMinutes(2));
    append(1);

    assertThat(ring.after(0).messages()).extracting(ClusterMessage::offset).containsExactly(3L);
    assertThat(ring.after(2).complete()).isTrue();
    assertThat(ring.after(1).complete()).isFalse();
  }

  @Test
  void anOffsetAheadOfTheRoomIsNegativeMissed() {
    append(1);

    assertThat(ring.after(9).missed()).isNegative();
    assertThat(ring.after(9).complete()).isFalse();
  }

  private void append(int count) {
    for (int i = 0; i < count; i++) {
      ring.append(ClusterMessage.envelope("n", Target.room("r"), null, "t", null, Integer.toString(i)),
          recorded -> delivered.add(recorded.offset()));
    }
  }

  private static final class MutableClock extends Clock {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
