package dev.duplex.spring.ratelimit;

/**
 * Counts open connections by key (a client IP, a user) against caps. In memory by default; a shared implementation
 * makes a cap hold across servers.
 */
public interface ConnectionCounter {

  /** Counts one more connection under {@code key} unless {@code max} are counted already; whether it did. */
  boolean tryAcquire(String key, int max);

  /** Counts one connection under {@code key} less; called once for each successful {@link #tryAcquire}. */
  void release(String key);
}
