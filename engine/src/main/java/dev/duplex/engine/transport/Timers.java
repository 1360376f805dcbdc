package dev.duplex.engine.transport;

import java.util.PriorityQueue;

/**
 * The timers of one event loop, ordered by deadline in a binary heap.
 *
 * <p>Connections keep at most one timer each and check their deadlines lazily when it fires (see
 * {@code Connection#onTimer}): activity moves a deadline by updating a timestamp, never by rescheduling. With
 * schedules that rare, a heap costs less than a hashed wheel and gives the loop the exact time to sleep, so an
 * idle server never wakes up to tick.
 */
final class Timers {

  /** A scheduled task; cancel it through {@link Timers#cancel(Timer)}. */
  static final class Timer implements Comparable<Timer> {

    private final long deadline;
    private final long sequence;
    private final Runnable task;
    private boolean cancelled;

    private Timer(long deadline, long sequence, Runnable task) {
      this.deadline = deadline;
      this.sequence = sequence;
      this.task = task;
    }

    long deadline() {
      return deadline;
    }

    @Override
    public int compareTo(Timer other) {
      int byDeadline = Long.compare(deadline - other.deadline, 0);
      return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
  }

  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private long sequence;

  Timer schedule(long deadlineNanos, Runnable task) {
    Timer timer = new Timer(deadlineNanos, sequence++, task);
    queue.add(timer);
    return timer;
  }

  /** Cancelled timers stay in the heap until their deadline, where they are dropped unrun. */
  void cancel(Timer timer) {
    timer.cancelled = true;
  }

  /**
   * Nanoseconds until the next timer is due: 0 if one is due now, -1 if none is scheduled.
   */
  long nanosUntilNext(long now) {
    Timer next;
    while ((next = queue.peek()) != null && next.cancelled) {
      queue.poll();
    }
    return next == null ? -1 : Math.max(0, next.deadline - now);
  }

  /** Runs every timer due at {@code now}. A task may schedule new timers; those due already run next round. */
  void runDue(long now) {
    int limit = queue.size();
    Timer next;
    while (limit-- > 0 && (next = queue.peek()) != null && next.deadline - now <= 0) {
      queue.poll();
      if (!next.cancelled) {
        next.task.run();
      }
    }
  }

  int size() {
    return queue.size();
  }
}
