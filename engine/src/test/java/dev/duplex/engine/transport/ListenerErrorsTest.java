package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSession;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listener callback that throws ends its own session with 1011, after onError, and nothing else. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenerErrorsTest {

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener throwsOnBoom = new RecordingListener() {
    @Override
    public void onText(WsSession session, String text) {
      if (text.equals("boom")) {
        throw new IllegalStateException("listener failed on purpose");
      }
      super.onText(session, text);
      session.sendText(text);
    }
  };
  private final RecordingListener throwsOnOpen = new RecordingListener() {
    @Override
    public void onOpen(WsSession session) {
      super.onOpen(session);
      throw new IllegalStateException("onOpen failed on purpose");
    }
  };
  private final RecordingListener throwsInOnErrorToo = new RecordingListener() {
    @Override
    public void onText(WsSession session, String text) {
      throw new IllegalStateException("onText failed on purpose");
    }

    @Override
    public void onError(WsSession session, Throwable error) {
      super.onError(session, error);
      throw new IllegalStateException("onError failed as well");
    }
  };
  private WsServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = Loopback.server(cleanup, WsConfig.defaults(), WsRoutes.builder()
        .route("/boom", throwsOnBoom)
        .route("/open", throwsOnOpen)
        .route("/twice", throwsInOnErrorToo)
        .build());
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  @Test
  void aListenerThatThrowsInOnTextGetsOnErrorAndItsSessionIsClosedWithInternalError() {
    JdkClient failing = JdkClient.connect(cleanup, uri(server, "/boom"));
    JdkClient bystander = JdkClient.connect(cleanup, uri(server, "/boom"));
    bystander.sendText("before");
    assertThat(bystander.nextText()).isEqualTo("before");

    failing.sendText("boom");

    assertThat(Loopback.next(throwsOnBoom.errors, "onError"))
        .isInstanceOf(IllegalStateException.class).hasMessage("listener failed on purpose");
    assertThat(failing.awaitClose().code()).isEqualTo(CloseStatus.INTERNAL_ERROR);
    assertThat(throwsOnBoom.awaitClose().code()).isEqualTo(CloseStatus.INTERNAL_ERROR);
    bystander.sendText("after");
    assertThat(bystander.nextText()).isEqualTo("after");
    assertThat(bystander.closed).isNotDone();
    assertThat(server.sessions()).hasSize(1);
  }

  @Test
  void aListenerThatThrowsInOnOpenGetsOnErrorAndItsSessionIsClosedWithInternalError() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/open"));

    assertThat(client.awaitClose().code()).isEqualTo(CloseStatus.INTERNAL_ERROR);
    assertThat(Loopback.next(throwsOnOpen.errors, "onError")).hasMessage("onOpen failed on purpose");
    assertThat(throwsOnOpen.awaitClose().code()).isEqualTo(CloseStatus.INTERNAL_ERROR);
  }

  @Test
  void aSessionIsClosedWithInternalErrorEvenWhenOnErrorThrowsToo() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/twice"));

    client.sendText("anything");

    assertThat(Loopback.next(throwsInOnErrorToo.errors, "onError")).hasMessage("onText failed on purpose");
    assertThat(client.awaitClose().code()).isEqualTo(CloseStatus.INTERNAL_ERROR);
    assertThat(throwsInOnErrorToo.awaitClose().code()).isEqualTo(CloseStatus.INTERNAL_ERROR);
  }
}
