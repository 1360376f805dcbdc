package dev.duplex.spring.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.WsDispatch;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * {@code @WsDispatch} moves one endpoint's handlers to the I/O thread or to the executor, whatever
 * {@code duplex.dispatch.mode} says for the others, and keeps each session's messages in order either way.
 */
class WsDispatchTests {

  private static final int MESSAGES = 200;

  /** One event loop: every session shares the thread a blocking handler would stall. */
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1", "duplex.server.io-threads=1")
      .withUserConfiguration(Endpoints.class);

  @AutoClose
  final WsTestClient client = new WsTestClient();

  @Test
  void onTheExecutorByDefaultAnEndpointCanChooseTheLoop() {
    runner.run(context -> {
      assertThat(threadsAnswering(context, "/chosen-loop")).isEqualTo("duplex-io");
      assertThat(threadsAnswering(context, "/default")).isEqualTo("duplex-handler");
      assertThat(threadsAnswering(context, "/chosen-executor")).isEqualTo("duplex-handler");
      EndpointRouter router = context.getBean(EndpointRegistry.class).router();
      assertThat(router.dispatchOf("/chosen-loop")).isEqualTo("loop");
      assertThat(router.dispatchOf("/default")).isEqualTo("executor");
      assertThat(router.dispatchOf("/unknown")).isNull();
    });
  }

  @Test
  void inLoopModeAnEndpointCanChooseTheExecutor() {
    runner.withPropertyValues("duplex.dispatch.mode=loop").run(context -> {
      assertThat(threadsAnswering(context, "/chosen-executor")).isEqualTo("duplex-handler");
      assertThat(threadsAnswering(context, "/default")).isEqualTo("duplex-io");
      assertThat(threadsAnswering(context, "/chosen-loop")).isEqualTo("duplex-io");
      EndpointRouter router = context.getBean(EndpointRegistry.class).router();
      assertThat(router.dispatchOf("/chosen-executor")).isEqualTo("executor");
      assertThat(router.dispatchOf("/default")).isEqualTo("loop");
    });
  }

  @Test
  void inLoopModeABlockingHandlerOnTheExecutorHoldsUpOnlyItsOwnSession() {
    runner.withPropertyValues("duplex.dispatch.mode=loop").run(context -> {
      Endpoints.ChosenExecutor blocking = context.getBean(Endpoints.ChosenExecutor.class);
      int port = context.getBean(DuplexServer.class).port();
      TestSession held = client.connect(port, "/chosen-executor");
      held.send("block", "1", 0);
      assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).as("the blocking handler runs").isTrue();

      assertThat(threadsAnswering(context, "/default")).as("the loop keeps serving other sessions")
          .isEqualTo("duplex-io");

      blocking.release.countDown();
      JsonNode reply = held.nextEnvelope();
      assertThat(reply.path("replyTo").asString()).isEqualTo("1");
      assertThat(reply.path("data").asString()).isEqualTo("released");
    });
  }

  /** Sends numbered messages on one session and returns the thread family that answered them all, in order. */
  private String threadsAnswering(AssertableApplicationContext context, String path) {
    TestSession session = client.connect(context.getBean(DuplexServer.class).port(), path);
    for (int n = 0; n < MESSAGES; n++) {
      session.send("n", Integer.toString(n), n);
    }
    String family = null;
    for (int n = 0; n < MESSAGES; n++) {
      JsonNode reply = session.nextEnvelope();
      assertThat(reply.path("replyTo").asString()).isEqualTo(Integer.toString(n));
      String[] numberAndThread = reply.path("data").asString().split(" on ");
      assertThat(numberAndThread[0]).isEqualTo(Integer.toString(n));
      assertThat(family == null || family.equals(numberAndThread[1])).as("one kind of thread").isTrue();
      family = numberAndThread[1];
    }
    return family;
  }

  @Import({Endpoints.Default.class, Endpoints.ChosenLoop.class, Endpoints.ChosenExecutor.class})
  static class Endpoints {

    /** Replies with the number and the thread family that handled it; each endpoint below differs in dispatch. */
    abstract static class NumberAndThread {

      @WsHandler("n")
      String n(@Payload int n) {
        String thread = Thread.currentThread().getName();
        return n + " on " + thread.substring(0, thread.lastIndexOf('-'));
      }
    }

    @WsEndpoint("/default")
    static class Default extends NumberAndThread {
    }

    @WsEndpoint("/chosen-loop")
    @WsDispatch(DispatchMode.LOOP)
    static class ChosenLoop extends NumberAndThread {
    }

    @WsEndpoint("/chosen-executor")
    @WsDispatch(DispatchMode.EXECUTOR)
    static class ChosenExecutor extends NumberAndThread {

      final CountDownLatch entered = new CountDownLatch(1);
      final CountDownLatch release = new CountDownLatch(1);

      @WsHandler("block")
      String block() throws InterruptedException {
        entered.countDown();
        return release.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
      }
    }
  }
}
