package dev.duplex.spring.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Counts the connections of this server; a key whose count drops to zero is forgotten. */
public final class LocalConnectionCounter implements ConnectionCounter {

  private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

  @Override
  public boolean tryAcquire(String key, int max) {
    boolean[] acquired = new boolean[1];
    counts.compute(key, (ignored, count) -> {
      int current = count == null ? 0 : count;
      acquired[0] = current < max;
      return acquired[0] ? current + 1 : count;
    });
    return acquired[0];
  }

  @Override
  public void release(String key) {
    counts.computeIfPresent(key, (ignored, count) -> count > 1 ? count - 1 : null);
  }

  @Override
  public String toString() {
    return "LocalConnectionCounter[" + counts.size() + " keys]";
  }
}
