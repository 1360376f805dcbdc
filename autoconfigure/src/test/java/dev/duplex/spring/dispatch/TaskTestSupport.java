package dev.duplex.spring.dispatch;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import dev.duplex.engine.WsSession;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Stand-ins for the tests of {@link SessionTasks} and {@link HandlerDispatcher}. */
final class TaskTestSupport {

  private TaskTestSupport() {
  }

  /** A session whose event loop has always just finished its batch: what runs after it runs at once. */
  static WsSession eagerLoop() {
    WsSession session = mock(WsSession.class);
    doAnswer(call -> {
      call.<Runnable>getArgument(0).run();
      return null;
    }).when(session).runAfterBatch(any());
    return session;
  }

  /** Waits for {@code latch} for at most 20 s, from inside a task that cannot throw. */
  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
