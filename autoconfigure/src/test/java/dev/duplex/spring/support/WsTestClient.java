package dev.duplex.spring.support;

import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.engine.transport.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's client on loopback, with one {@link TestSession} per connection that queues what arrives. Close it
 * after the test: it closes every session it opened.
 */
public final class WsTestClient implements AutoCloseable {

  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WsClient client;

  public WsTestClient() {
    this(WsConfig.defaults());
  }

  public WsTestClient(WsConfig config) {
    this.client = WsClient.builder().config(config).name("test").build();
  }

  /** Connects to {@code ws://127.0.0.1:port} + {@code target} (path and query) and waits for the handshake. */
  public TestSession connect(int port, String target) {
    return connect(port, target, ConnectOptions.defaults());
  }

  public TestSession connect(int port, String target, ConnectOptions options) {
    TestSession session = new TestSession();
    try {
      connectAsync(port, target, options, session).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot connect to " + target + " on port " + port, e);
    }
    return session;
  }

  /** Starts connecting; the future fails when the server refuses the connection or the handshake. */
  public CompletableFuture<WsSession> connectAsync(int port, String target, ConnectOptions options,
      TestSession session) {
    return client.connect(URI.create("ws://127.0.0.1:" + port + target), options, session);
  }

  @Override
  public void close() {
    client.close(Duration.ofSeconds(2));
  }
}
