package dev.duplex.spring.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The history of one room in memory: the newest messages, at most {@code maxLength} and none older than
 * {@code maxAge}, each with its offset (1, 2, 3... in the order they were recorded). Thread-safe.
 */
final class RoomHistoryRing {

  private final int maxLength;
  private final long maxAgeMillis;
  private final Clock clock;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long latest;

  RoomHistoryRing(int maxLength, Duration maxAge, Clock clock) {
    this.maxLength = maxLength;
    this.maxAgeMillis = maxAge.toMillis();
    this.clock = clock;
  }

  /**
   * Records {@code message} under the next offset and gives it, with that offset, to {@code then} before the
   * next message is recorded, so that messages are delivered in the order of their offsets.
   */
  synchronized void append(ClusterMessage message, Consumer<ClusterMessage> then) {
    ClusterMessage recorded = message.withOffset(++latest);
    entries.addLast(new Entry(recorded, clock.millis()));
    while (entries.size() > maxLength) {
      entries.removeFirst();
    }
    then.accept(recorded);
  }

  synchronized HistorySlice after(long offset) {
    expire();
    long missed = latest - offset;
    if (missed <= 0) {
      return new HistorySlice(latest, missed, List.of());
    }
    List<ClusterMessage> messages = new ArrayList<>();
    Iterator<Entry> newestFirst = entries.descendingIterator();
    while (newestFirst.hasNext() && messages.size() < missed) {
      messages.add(newestFirst.next().message());
    }
    Collections.reverse(messages);
    return new HistorySlice(latest, missed, messages);
  }

  private void expire() {
    long oldest = clock.millis() - maxAgeMillis;
    while (!entries.isEmpty() && entries.peekFirst().recordedAt() < oldest) {
      entries.removeFirst();
    }
  }

  private record Entry(ClusterMessage message, long recordedAt) {
  }

  @Override
  public synchronized String toString() {
    return "RoomHistoryRing[latest=" + latest + ", held=" + entries.size() + "]";
  }
}
