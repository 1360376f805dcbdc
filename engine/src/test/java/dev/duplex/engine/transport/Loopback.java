package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.fail;

import dev.duplex.engine.HandshakeHandler;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.protocol.ProtocolLimits;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Servers on 127.0.0.1 with a port the system chose, and the waits the tests share. */
final class Loopback {

  /** How long a test waits for anything that should happen promptly. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Loopback() {
  }

  /** Starts a server with one event loop, stopped (with a short deadline) when {@code cleanup} runs. */
  static WsServer server(Cleanup cleanup, WsConfig config, HandshakeHandler handler) throws IOException {
    return server(cleanup, WsServer.builder().ioThreads(1).config(config).handler(handler));
  }

  static WsServer server(Cleanup cleanup, WsServer.Builder builder) throws IOException {
    WsServer server = builder.port(0).build().start();
    cleanup.add(() -> server.stop(Duration.ofMillis(500)));
    return server;
  }

  static WsClient client(Cleanup cleanup, WsClient.Builder builder) {
    WsClient client = builder.build();
    cleanup.add(() -> client.close(Duration.ofMillis(500)));
    return client;
  }

  static HandshakeHandler route(String path, WsListener listener) {
    return WsRoutes.builder().route(path, listener).build();
  }

  static URI uri(WsServer server, String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  static WsConfig withMaxMessageSize(WsConfig config, int bytes) {
    return config.toBuilder()
        .protocolLimits(ProtocolLimits.builder().maxMessageSize(bytes).maxFrameSize(bytes).build())
        .build();
  }

  /** Takes the next element, failing the test if none arrives within {@link #TIMEOUT}. */
  static <T> T next(BlockingQueue<T> queue, String what) {
    try {
      T element = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (element == null) {
        fail("no " + what + " within " + TIMEOUT);
      }
      return element;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /** The value of a stage, failing the test if it does not complete within {@link #TIMEOUT}. */
  static <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not complete within " + TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /** The failure of a stage that must fail within {@link #TIMEOUT}. */
  static Throwable failure(CompletionStage<?> stage, String what) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    try {
      Object value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError(what + " should have failed, but completed with " + value);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " neither completed nor failed within " + TIMEOUT, e);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }
}
