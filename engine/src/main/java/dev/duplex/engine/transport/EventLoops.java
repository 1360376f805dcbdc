package dev.duplex.engine.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** A fixed set of event loops, handed out round-robin to new connections. */
final class EventLoops {

  private final EventLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  EventLoops(String namePrefix, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, was " + count);
    }
    loops = new EventLoop[count];
    for (int i = 0; i < count; i++) {
      loops[i] = new EventLoop(namePrefix + "-" + (i + 1));
    }
  }

  void start() {
    for (EventLoop loop : loops) {
      loop.start();
    }
  }

  EventLoop next() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  int size() {
    return loops.length;
  }

  void shutdown(long timeoutMillis) throws InterruptedException {
    for (EventLoop loop : loops) {
      loop.shutdown(timeoutMillis);
    }
  }
}
