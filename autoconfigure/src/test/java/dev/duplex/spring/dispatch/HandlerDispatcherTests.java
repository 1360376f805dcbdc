package dev.duplex.spring.dispatch;

import static dev.duplex.spring.dispatch.TaskTestSupport.awaitQuietly;
import static dev.duplex.spring.dispatch.TaskTestSupport.eagerLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import dev.duplex.engine.WsSession;
import dev.duplex.spring.session.DuplexSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions' tasks run in order per session, in parallel across sessions up to the runner limit, started once per
 * event-loop batch, and none is left behind when sessions become ready while runners are finishing.
 */
class HandlerDispatcherTests {

  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void eachSessionsTasksRunInOrderAndNoMoreRunnersThanTheLimitRunAtOnce() {
    HandlerDispatcher dispatcher = new HandlerDispatcher(executor, 2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<Queue<Integer>> seen = new ArrayList<>();
    List<SessionTasks> sessions = new ArrayList<>();
    for (int s = 0; s < 50; s++) {
      seen.add(new ConcurrentLinkedQueue<>());
      sessions.add(tasks(dispatcher, eagerLoop(), "s" + s));
    }
    for (int n = 0; n < 200; n++) {
      for (int s = 0; s < 50; s++) {
        int value = n;
        Queue<Integer> of = seen.get(s);
        sessions.get(s).submit(() -> {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          of.add(value);
          running.decrementAndGet();
        });
      }
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().allMatch(q -> q.size() == 200));
    for (Queue<Integer> of : seen) {
      assertThat(List.copyOf(of)).isSorted();
    }
    assertThat(mostAtOnce.get()).isBetween(1, 2);
  }

  @Test
  void aHandlerThatBlocksHoldsUpOnlyItsOwnSession() throws Exception {
    HandlerDispatcher dispatcher = new HandlerDispatcher(executor, 2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    SessionTasks slow = tasks(dispatcher, eagerLoop(), "slow");
    SessionTasks fast = tasks(dispatcher, eagerLoop(), "fast");
    AtomicInteger slowDone = new AtomicInteger();
    AtomicInteger fastDone = new AtomicInteger();

    slow.submit(() -> {
      blocked.countDown();
      awaitQuietly(release);
      slowDone.incrementAndGet();
    });
    slow.submit(slowDone::incrementAndGet);
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 100; i++) {
      fast.submit(fastDone::incrementAndGet);
    }

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fastDone).hasValue(100));
    assertThat(slowDone).hasValue(0);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slowDone).hasValue(2));
  }

  @Test
  void theBacklogIsVisibleWhileAHandlerBlocksTheOnlyRunner() throws Exception {
    HandlerDispatcher dispatcher = new HandlerDispatcher(executor, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicInteger done = new AtomicInteger();
    tasks(dispatcher, eagerLoop(), "slow").submit(() -> {
      blocked.countDown();
      awaitQuietly(release);
      done.incrementAndGet();
    });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    tasks(dispatcher, eagerLoop(), "a").submit(done::incrementAndGet);
    tasks(dispatcher, eagerLoop(), "b").submit(done::incrementAndGet);

    assertThat(dispatcher.activeRunners()).isEqualTo(1);
    assertThat(dispatcher.waitingSessions()).isEqualTo(2);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(done).hasValue(3);
      assertThat(dispatcher.waitingSessions()).isZero();
      assertThat(dispatcher.activeRunners()).isZero();
    });
  }

  @Test
  void runnersStartOnceTheLoopHasFinishedItsBatchAndOnceForAllItsSessions() {
    HandlerDispatcher dispatcher = new HandlerDispatcher(executor, 4);
    List<Runnable> afterBatch = new ArrayList<>();
    WsSession loop = mock(WsSession.class);
    doAnswer(call -> afterBatch.add(call.getArgument(0))).when(loop).runAfterBatch(any());
    AtomicInteger done = new AtomicInteger();
    for (int s = 0; s < 10; s++) {
      tasks(dispatcher, loop, "s" + s).submit(done::incrementAndGet);
    }

    assertThat(afterBatch).hasSize(1);
    assertThat(done).hasValue(0);
    afterBatch.get(0).run();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(done).hasValue(10));
  }

  @Test
  void noSessionIsLeftBehindWhenItBecomesReadyAsTheRunnersFinish() throws Exception {
    HandlerDispatcher dispatcher = new HandlerDispatcher(executor, 1);
    int loops = 3;
    int sessionsPerLoop = 20;
    int rounds = 300;
    AtomicInteger done = new AtomicInteger();
    ExecutorService loopThreads = Executors.newFixedThreadPool(loops);
    try {
      List<Future<?>> submitted = new ArrayList<>();
      for (int l = 0; l < loops; l++) {
        int loopIndex = l;
        submitted.add(loopThreads.submit(() -> {
          List<SessionTasks> sessions = new ArrayList<>();
          for (int s = 0; s < sessionsPerLoop; s++) {
            sessions.add(tasks(dispatcher, eagerLoop(), loopIndex + "-" + s));
          }
          for (int r = 0; r < rounds; r++) {
            sessions.get(r % sessionsPerLoop).submit(done::incrementAndGet);
            if (r % 7 == 0) {
              Thread.yield();
            }
          }
        }));
      }
      for (Future<?> future : submitted) {
        future.get(20, TimeUnit.SECONDS);
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(done).hasValue(loops * rounds));
    } finally {
      loopThreads.shutdownNow();
    }
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> new HandlerDispatcher(executor, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRunners");
  }

  private static SessionTasks tasks(HandlerDispatcher dispatcher, WsSession loop, String id) {
    DuplexSession session = mock(DuplexSession.class);
    doAnswer(call -> id).when(session).id();
    return new SessionTasks(loop, dispatcher, Integer.MAX_VALUE, new SessionMdc(session));
  }
}
