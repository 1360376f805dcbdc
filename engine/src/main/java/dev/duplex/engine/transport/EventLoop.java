package dev.duplex.engine.transport;

import dev.duplex.engine.protocol.FrameBuffers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread with one selector that owns a set of connections for their whole life: all their I/O, protocol
 * state and timers run here, so none of it needs locks.
 *
 * <p>Other threads hand work over with {@link #execute(Runnable)}. The selector is woken up only for the first
 * task after the loop last looked at its queue, not once per task, so a burst of sends from application threads
 * costs one wake-up.
 */
final class EventLoop implements Executor {

  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

  /** Shared by every connection of the loop: input is consumed before the next read, so one buffer serves all. */
  static final int READ_BUFFER_SIZE = 64 * 1024;

  /** Shared the same way for writes: queued frames are copied here and written from it in one system call. */
  static final int WRITE_BUFFER_SIZE = 64 * 1024;

  /** Small frames encoded on the loop are slices of an array of this size; see {@link #frameBuffer(int)}. */
  static final int FRAME_ARRAY_SIZE = 16 * 1024;

  /** Frames larger than this get an array of their own, and payloads the session owns are not copied at all. */
  static final int LARGE_FRAME = FRAME_ARRAY_SIZE / 8;

  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final Timers timers = new Timers();
  private final ArrayDeque<IoHandler> deferredFlushes = new ArrayDeque<>();
  private final ArrayDeque<Runnable> afterBatch = new ArrayDeque<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
  private final Consumer<SelectionKey> handleKey = this::handle;
  private final FrameBuffers frameBuffers = this::frameBuffer;
  private volatile boolean running = true;
  private byte[] frameArray = new byte[0];
  private int frameArrayUsed;
  private long now = System.nanoTime();
  /** Whether {@link #now} has been read since the loop's last wait. */
  private boolean timeRead;

  EventLoop(String name) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(false);
  }

  void start() {
    thread.start();
  }

  boolean inEventLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (!inEventLoop() && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /** Time of the current loop iteration, from {@link System#nanoTime()}; read it only on the loop. */
  long now() {
    return now;
  }

  /** Schedules a task on this loop; call only on the loop. */
  Timers.Timer schedule(long deadlineNanos, Runnable task) {
    return timers.schedule(deadlineNanos, task);
  }

  void cancel(Timers.Timer timer) {
    timers.cancel(timer);
  }

  /** The loop's read buffer, cleared; call only on the loop and consume it before returning. */
  ByteBuffer readBuffer() {
    return readBuffer.clear();
  }

  /**
   * Where the connections of this loop encode their frames (on the loop only): a small frame is a slice of the
   * loop's current frame array, so that a small message costs no array of its own (the echo profile showed the
   * allocation of one array per frame among its largest costs); a larger one gets its own array. A full array is
   * replaced, and lives on only while frames written into it wait in an outbound queue.
   */
  FrameBuffers frameBuffers() {
    return frameBuffers;
  }

  private ByteBuffer frameBuffer(int size) {
    if (size > LARGE_FRAME) {
      return ByteBuffer.allocate(size);
    }
    if (frameArray.length - frameArrayUsed < size) {
      frameArray = new byte[FRAME_ARRAY_SIZE];
      frameArrayUsed = 0;
    }
    ByteBuffer frame = ByteBuffer.wrap(frameArray, frameArrayUsed, size);
    frameArrayUsed += size;
    return frame;
  }

  /** The loop's write buffer; call only on the loop, and do not keep bytes in it between calls. */
  ByteBuffer writeBuffer() {
    return writeBuffer;
  }

  SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
    return channel.register(selector, ops, handler);
  }

  /**
   * Has the selector drop its cancelled keys now, which completes the close of their channels (the JDK defers
   * it to the next select). Ready keys found meanwhile are handled as in any select. Call it from a task on the
   * loop, never from an {@link IoHandler}: selects do not nest.
   */
  void dropCancelledKeys() throws IOException {
    selector.selectNow(handleKey);
    // this select consumed any pending wake-up: a task queued from now on must wake the selector again
    wakeupPending.set(false);
  }

  int registeredChannels() {
    return selector.keys().size();
  }

  /** Flushes {@code handler} once the current batch of I/O, tasks or timers is done; loop only. */
  void flushLater(IoHandler handler) {
    deferredFlushes.add(handler);
  }

  /** Runs {@code task} once the current batch of I/O, tasks or timers is done and flushed; loop only. */
  void runAfterBatch(Runnable task) {
    afterBatch.add(task);
  }

  private void run() {
    try {
      while (running) {
        timeRead = false;
        select();
        endBatch();
        runTasks();
        endBatch();
        timers.runDue(now = System.nanoTime());
        endBatch();
      }
    } catch (Throwable e) {
      log.error("event loop {} failed", thread.getName(), e);
    } finally {
      closeAll();
    }
  }

  /**
   * Waits for I/O, tasks or the next timer and handles the ready keys. The keys are handed to {@link #handle} by
   * the selector itself ({@code select(Consumer)}): no selected-key set to fill and empty, whose hash set updates
   * were about a tenth of the loop's samples in the small-message echo profile.
   */
  private void select() throws IOException {
    if (!tasks.isEmpty()) {
      selector.selectNow(handleKey);
    } else {
      long wait = timers.nanosUntilNext(System.nanoTime());
      if (wait < 0) {
        selector.select(handleKey);
      } else if (wait < TimeUnit.MILLISECONDS.toNanos(1)) {
        selector.selectNow(handleKey);
      } else {
        selector.select(handleKey, TimeUnit.NANOSECONDS.toMillis(wait));
      }
    }
    wakeupPending.set(false);
    if (!timeRead) {
      now = System.nanoTime();
    }
  }

  private void handle(SelectionKey key) {
    if (!timeRead) {
      // the time of this iteration: after the wait, before the first handler
      now = System.nanoTime();
      timeRead = true;
    }
    if (key.isValid()) {
      ((IoHandler) key.attachment()).handleIo(key);
    }
  }

  private void endBatch() {
    flushDeferred();
    Runnable task;
    while ((task = afterBatch.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("task failed on event loop {}", thread.getName(), e);
      }
    }
  }

  private void flushDeferred() {
    IoHandler handler;
    while ((handler = deferredFlushes.poll()) != null) {
      try {
        handler.flushDeferred();
      } catch (RuntimeException e) {
        log.error("flush failed on event loop {}", thread.getName(), e);
      }
    }
  }

  private void runTasks() {
    Runnable task;
    int budget = 4096;
    while (budget-- > 0 && (task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("task failed on event loop {}", thread.getName(), e);
      }
    }
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      ((IoHandler) key.attachment()).loopClosed();
    }
    endBatch();
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("closing selector", e);
    }
  }

  /** Stops the loop after its current iteration and waits for the thread to end. */
  void shutdown(long timeoutMillis) throws InterruptedException {
    running = false;
    selector.wakeup();
    if (!inEventLoop()) {
      thread.join(timeoutMillis);
    }
  }

  @Override
  public String toString() {
    return "EventLoop[" + thread.getName() + ", " + selector.keys().size() + " channels, " + timers.size()
        + " timers]";
  }
}
