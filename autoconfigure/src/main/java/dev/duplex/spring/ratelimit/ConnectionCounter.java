package dev.duplex.spring.ratelimit;

/**
 * Counts open connections by key (a client IP, a user) against caps. In memory by default; a shared implementation
 * makes a cap hold across servers.
 */
@FunctionalInterface
public interface ConnectionCounter {

  /**
   * Takes a place for one more connection under {@code key} unless {@code max} are taken already.
   *
   * @return the place, to be released once when the connection ends; {@code null} when the cap is reached
   */
  Permit tryAcquire(String key, int max);

  /** One connection's place under a key. */
  @FunctionalInterface
  interface Permit {

    /** Gives the place back; only the first call counts. */
    void release();
  }
}
