package dev.duplex.spring.dispatch;

import dev.duplex.engine.WsSession;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tasks of one session, run one at a time and in order on a shared executor, so that sessions run in
 * parallel while each sees its messages in sequence.
 *
 * <p>When {@code maxPending} tasks are waiting, the session's socket stops being read until half of them are
 * done: a client that sends faster than its handlers run is held back by TCP, not buffered in memory. The count
 * and the suspended flag change together under one lock, so a suspension is always matched by one resume.
 */
final class SessionTasks {

  private static final int BATCH = 64;

  private final WsSession session;
  private final Executor executor;
  private final int maxPending;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Object flow = new Object();
  private int pending;
  private boolean suspended;

  /**
   * @param executor where tasks run; {@code null} runs them at once on the caller (the I/O thread)
   */
  SessionTasks(WsSession session, Executor executor, int maxPending) {
    this.session = session;
    this.executor = executor;
    this.maxPending = maxPending;
  }

  void submit(Runnable task) {
    if (executor == null) {
      task.run();
      return;
    }
    tasks.add(task);
    synchronized (flow) {
      pending++;
      if (pending >= maxPending && !suspended) {
        suspended = true;
        session.suspendReading();
      }
    }
    if (running.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    for (int budget = BATCH; budget > 0; budget--) {
      Runnable task = tasks.poll();
      if (task == null) {
        running.set(false);
        if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
          executor.execute(this::drain);
        }
        return;
      }
      try {
        task.run();
      } finally {
        done();
      }
    }
    executor.execute(this::drain);
  }

  private void done() {
    synchronized (flow) {
      pending--;
      if (suspended && pending <= maxPending / 2) {
        suspended = false;
        session.resumeReading();
      }
    }
  }

  int pending() {
    synchronized (flow) {
      return pending;
    }
  }
}
