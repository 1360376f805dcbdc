package dev.duplex.spring.messaging;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Messages dropped or superseded by their delivery policy, counted per message type. */
public final class DeliveryStats {

  private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

  void recordDrop(String type) {
    dropped.computeIfAbsent(type, t -> new LongAdder()).increment();
  }

  /** Dropped (volatile) or superseded (latest) messages by type, a snapshot. */
  public Map<String, Long> dropped() {
    Map<String, Long> copy = new TreeMap<>();
    dropped.forEach((type, count) -> copy.put(type, count.sum()));
    return copy;
  }

  public long droppedOf(String type) {
    LongAdder count = dropped.get(type);
    return count == null ? 0 : count.sum();
  }
}
