package dev.duplex.spring.dispatch;

import dev.duplex.engine.WsSession;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the waiting tasks of sessions on the handler executor through a bounded number of runners that share one
 * queue of ready sessions, so that handing work over costs a wake-up per event-loop batch rather than one per read.
 *
 * <p>A session whose first task arrives joins the queue; once its event loop has handled all the I/O that was ready
 * ({@link WsSession#runAfterBatch}), runners are started until there is one free (not inside a session's tasks)
 * for each waiting session, up to the limit. A runner runs a session's tasks for one batch, puts the session back
 * at the end of the queue if more are waiting, and ends when the queue is empty. A session is in the queue at most
 * once, so its tasks keep their order; a runner that blocks in a handler holds up only the session it runs, like a
 * thread of the executor would.
 *
 * <p>Why: with one executor task per ready session, each read of a busy server woke a handler thread, which on a
 * busy CPU ran at once, handled a message or two and parked again: a third of a context switch per message in the
 * {@code /echo} benchmark (docs/benchmarks.md).
 */
public final class HandlerDispatcher {

  /** Unbounded runners: each ready session may get its own, as with an executor task per session. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private final Executor executor;
  private final int maxRunners;
  private final Queue<SessionTasks> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger runners = new AtomicInteger();
  /** Runners inside a session's tasks, where a blocking handler may keep them. */
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicBoolean startScheduled = new AtomicBoolean();
  private final Runnable startRunners = this::startRunners;
  private final Runnable runner = this::run;

  /**
   * @param maxRunners how many runners may run at once: the executor's threads, or {@link #UNBOUNDED} for an
   *     executor that starts a thread per task (virtual threads) or whose size is not known
   */
  public HandlerDispatcher(Executor executor, int maxRunners) {
    if (maxRunners < 1) {
      throw new IllegalArgumentException("maxRunners must be positive, was " + maxRunners);
    }
    this.executor = executor;
    this.maxRunners = maxRunners;
  }

  /** Where the runners run. */
  public Executor executor() {
    return executor;
  }

  /** How many runners may run at once; {@link #UNBOUNDED} for no limit. */
  public int maxRunners() {
    return maxRunners;
  }

  /** Sessions with messages waiting for a runner: a backlog that grows when handlers cannot keep up. */
  public int waitingSessions() {
    return Math.max(0, waiting.get());
  }

  /** Runners on the executor now, busy or about to end. */
  public int activeRunners() {
    return runners.get();
  }

  /** Queues a session that has tasks to run and is not queued or running; called on its event loop. */
  void ready(SessionTasks tasks, WsSession session) {
    ready.add(tasks);
    waiting.incrementAndGet();
    if (startScheduled.compareAndSet(false, true)) {
      session.runAfterBatch(startRunners);
    }
  }

  private void startRunners() {
    startScheduled.set(false);
    while (true) {
      int active = runners.get();
      if (active >= maxRunners || active - busy.get() >= waiting.get()) {
        return;
      }
      if (runners.compareAndSet(active, active + 1)) {
        try {
          executor.execute(runner);
        } catch (RejectedExecutionException e) {
          runners.decrementAndGet();
          throw e;
        }
      }
    }
  }

  private void run() {
    do {
      SessionTasks tasks;
      while ((tasks = ready.poll()) != null) {
        waiting.decrementAndGet();
        busy.incrementAndGet();
        boolean more;
        try {
          more = tasks.runBatch();
        } finally {
          busy.decrementAndGet();
        }
        if (more) {
          ready.add(tasks);
          waiting.incrementAndGet();
        }
      }
      runners.decrementAndGet();
      // A session queued after the poll above, while a start saw every runner busy, is this runner's to take.
    } while (!ready.isEmpty() && reacquire());
  }

  private boolean reacquire() {
    while (true) {
      int active = runners.get();
      if (active >= maxRunners) {
        return false;
      }
      if (runners.compareAndSet(active, active + 1)) {
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return "HandlerDispatcher[" + runners.get() + "/" + (maxRunners == UNBOUNDED ? "unbounded" : maxRunners)
        + " runners, " + waiting.get() + " sessions waiting]";
  }
}
