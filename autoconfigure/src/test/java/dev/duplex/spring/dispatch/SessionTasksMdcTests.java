package dev.duplex.spring.dispatch;

import static dev.duplex.spring.dispatch.TaskTestSupport.awaitQuietly;
import static dev.duplex.spring.dispatch.TaskTestSupport.eagerLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.duplex.engine.WsSession;
import dev.duplex.spring.session.DuplexSession;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Every task of a session runs with the session in the MDC, also when the MDC is set once for a batch: a handler
 * that clears it or a user who signs in during the batch is seen by the next task, and nothing stays on the thread
 * once the batch is done.
 */
class SessionTasksMdcTests {

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final HandlerDispatcher dispatcher = new HandlerDispatcher(executor, 1);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void everyTaskOfABatchSeesTheSessionEvenAfterAHandlerClearedTheMdc() throws Exception {
    DuplexSession session = session("s-1", null);
    SessionTasks tasks = new SessionTasks(eagerLoop(), dispatcher, 1000, new SessionMdc(session));
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    executor.execute(() -> awaitQuietly(gate));
    tasks.submit(() -> seen.add(MDC.getCopyOfContextMap()));
    tasks.submit(MDC::clear);
    tasks.submit(() -> seen.add(MDC.getCopyOfContextMap()));
    gate.countDown();

    assertThat(leftOnThread()).isNullOrEmpty();
    assertThat(seen).hasSize(2).allSatisfy(mdc -> assertThat(mdc)
        .containsEntry(SessionMdc.SESSION, "s-1").containsEntry(SessionMdc.ENDPOINT, "/chat")
        .doesNotContainKey(SessionMdc.USER));
  }

  @Test
  void aUserWhoSignsInDuringABatchIsInTheMdcOfTheNextTask() throws Exception {
    DuplexSession session = session("s-2", null);
    SessionTasks tasks = new SessionTasks(eagerLoop(), dispatcher, 1000, new SessionMdc(session));
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    executor.execute(() -> awaitQuietly(gate));
    tasks.submit(() -> {
      Principal alice = () -> "alice";
      when(session.principal()).thenReturn(alice);
    });
    tasks.submit(() -> seen.add(MDC.getCopyOfContextMap()));
    gate.countDown();

    assertThat(leftOnThread()).isNullOrEmpty();
    assertThat(seen).singleElement().satisfies(mdc -> assertThat(mdc).containsEntry(SessionMdc.USER, "alice"));
  }

  @Test
  void sessionsSharingAThreadEachSeeTheirOwnMdc() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    SessionTasks alice = new SessionTasks(eagerLoop(), dispatcher, 1000,
        new SessionMdc(session("a", () -> "alice")));
    SessionTasks anonymous = new SessionTasks(eagerLoop(), dispatcher, 1000,
        new SessionMdc(session("b", null)));
    CountDownLatch gate = new CountDownLatch(1);
    executor.execute(() -> awaitQuietly(gate));
    alice.submit(() -> seen.add(MDC.get(SessionMdc.SESSION) + "/" + MDC.get(SessionMdc.USER)));
    anonymous.submit(() -> seen.add(MDC.get(SessionMdc.SESSION) + "/" + MDC.get(SessionMdc.USER)));
    alice.submit(() -> seen.add(MDC.get(SessionMdc.SESSION) + "/" + MDC.get(SessionMdc.USER)));
    gate.countDown();

    assertThat(leftOnThread()).isNullOrEmpty();
    // one batch per session: alice's two tasks, then the anonymous session's
    assertThat(seen).containsExactly("a/alice", "a/alice", "b/null");
  }

  @Test
  void onTheIoThreadABatchKeepsTheMdcUntilItEnds() {
    SessionTasks tasks = new SessionTasks(eagerLoop(), null, 1000,
        new SessionMdc(session("s-3", () -> "bob")));
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

    tasks.submit(() -> seen.add(MDC.getCopyOfContextMap()));
    tasks.submit(MDC::clear);
    tasks.submit(() -> seen.add(MDC.getCopyOfContextMap()));
    tasks.endBatch();

    assertThat(seen).hasSize(2).allSatisfy(mdc -> assertThat(mdc).containsEntry(SessionMdc.SESSION, "s-3")
        .containsEntry(SessionMdc.USER, "bob"));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  private Map<String, String> leftOnThread() throws Exception {
    return executor.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS);
  }

  private static DuplexSession session(String id, Principal user) {
    DuplexSession session = mock(DuplexSession.class);
    when(session.id()).thenReturn(id);
    when(session.endpoint()).thenReturn("/chat");
    when(session.principal()).thenReturn(user);
    return session;
  }
}
