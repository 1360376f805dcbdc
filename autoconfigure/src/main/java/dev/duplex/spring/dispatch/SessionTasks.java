package dev.duplex.spring.dispatch;

import dev.duplex.engine.WsSession;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tasks of one session, run one at a time and in order, so that sessions run in parallel while each sees its
 * messages in sequence: on the I/O thread at once ({@link DispatchMode#LOOP}) or by the {@link HandlerDispatcher}'s
 * runners.
 *
 * <p>When {@code maxPending} tasks are waiting, the session's socket stops being read until half of them are
 * done: a client that sends faster than its handlers run is held back by TCP, not buffered in memory. The count
 * and the suspended flag change together under one lock, so a suspension is always matched by one resume.
 *
 * <p>Tasks run with the session's logging MDC, set once for a batch of them: for each run of up to {@value #BATCH}
 * tasks by a runner; on the I/O thread, until {@link #endBatch()}.
 */
final class SessionTasks {

  private static final int BATCH = 64;

  private final WsSession session;
  private final HandlerDispatcher dispatcher;
  private final int maxPending;
  private final SessionMdc mdc;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Object flow = new Object();
  private int pending;
  private boolean suspended;

  /**
   * @param dispatcher who runs the tasks; {@code null} runs them at once on the caller (the I/O thread)
   */
  SessionTasks(WsSession session, HandlerDispatcher dispatcher, int maxPending, SessionMdc mdc) {
    this.session = session;
    this.dispatcher = dispatcher;
    this.maxPending = maxPending;
    this.mdc = mdc;
  }

  /** Adds a task; called on the session's event loop. */
  void submit(Runnable task) {
    if (dispatcher == null) {
      mdc.enter();
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
      dispatcher.ready(this, session);
    }
  }

  /**
   * Ends a batch of tasks run on the I/O thread: the caller is done submitting for now (a read is complete, or
   * the task was not part of one). Nothing to do with a dispatcher, whose runs end their own batches.
   */
  void endBatch() {
    if (dispatcher == null) {
      mdc.exit();
    }
  }

  /**
   * Runs up to a batch of tasks; by one runner at a time.
   *
   * @return true when tasks are left and this session must be run again
   */
  boolean runBatch() {
    try {
      for (int budget = BATCH; budget > 0; budget--) {
        Runnable task = tasks.poll();
        if (task == null) {
          running.set(false);
          return !tasks.isEmpty() && running.compareAndSet(false, true);
        }
        mdc.enter();
        try {
          task.run();
        } finally {
          done();
        }
      }
      return true;
    } finally {
      mdc.exit();
    }
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
