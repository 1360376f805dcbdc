package dev.duplex.spring.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Counts the connections of this server; a key whose count drops to zero is forgotten. */
public final class LocalConnectionCounter implements ConnectionCounter {

  private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

  @Override
  public Permit tryAcquire(String key, int max) {
    boolean[] acquired = new boolean[1];
    counts.compute(key, (ignored, count) -> {
      int current = count == null ? 0 : count;
      acquired[0] = current < max;
      return acquired[0] ? Integer.valueOf(current + 1) : count;
    });
    if (!acquired[0]) {
      return null;
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        counts.computeIfPresent(key, (ignored, count) -> count > 1 ? count - 1 : null);
      }
    };
  }

  @Override
  public String toString() {
    return "LocalConnectionCounter[" + counts.size() + " keys]";
  }
}
