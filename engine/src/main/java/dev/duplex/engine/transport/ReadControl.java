package dev.duplex.engine.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a connection reads its socket. It stops while the application has suspended reading (counted, so that
 * every suspension needs its own resume) and while its outbound queue is over half the limit, so that a peer that
 * does not read what it is sent cannot make the server buffer more and more answers.
 */
final class ReadControl {

  private final AtomicInteger suspensions = new AtomicInteger();
  /** Loop only. */
  private boolean pausedForOutbound;

  boolean wanted() {
    return suspensions.get() == 0 && !pausedForOutbound;
  }

  /** Whether the application has suspended reading: events then wait in the protocol. */
  boolean suspendedByApplication() {
    return suspensions.get() != 0;
  }

  /** Any thread. */
  void suspend() {
    suspensions.incrementAndGet();
  }

  /**
   * Any thread; a resume without a suspension does nothing.
   *
   * @return true when this resume ended the last suspension
   */
  boolean resume() {
    return suspensions.getAndUpdate(n -> Math.max(0, n - 1)) == 1;
  }

  boolean pausedForOutbound() {
    return pausedForOutbound;
  }

  void pauseForOutbound(boolean paused) {
    pausedForOutbound = paused;
  }
}
