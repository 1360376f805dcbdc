package dev.duplex.engine.transport;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.HttpResponseParser;
import dev.duplex.engine.protocol.DeflateNegotiation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket client on the same engine as the server: masking with unpredictable keys, validation of the
 * server's handshake answer, subprotocols and extra headers, permessage-deflate, {@code wss://}, and the same
 * {@link WsSession} API.
 *
 * <pre>{@code
 * try (WsClient client = WsClient.builder().build()) {
 *   WsSession session = client.connect(URI.create("ws://localhost:8081/echo"), listener).join();
 *   session.sendText("hello");
 * }
 * }</pre>
 *
 * <p>One client can hold many sessions; its event loops start with it and end with {@link #close()}.
 */
public final class WsClient implements AutoCloseable {

  private final WsConfig config;
  private final TlsConfig tls;
  private final EventLoops loops;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final AtomicBoolean closed = new AtomicBoolean();

  private WsClient(Builder builder) {
    this.config = builder.config;
    this.tls = builder.tls;
    this.loops = new EventLoops(builder.name + "-client", builder.ioThreads);
    this.loops.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Connects with no subprotocol and no extra headers. */
  public CompletableFuture<WsSession> connect(URI uri, WsListener listener) {
    return connect(uri, ConnectOptions.defaults(), listener);
  }

  /**
   * Opens a TCP connection to {@code uri} and performs the opening handshake. The future completes with the open
   * session, after {@link WsListener#onOpen}, or fails with a {@link dev.duplex.engine.WsHandshakeException}
   * (refused, invalid answer, timeout) or an {@link IOException} (connection refused, unknown host).
   */
  public CompletableFuture<WsSession> connect(URI uri, ConnectOptions options, WsListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException("client is closed");
    }
    boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
    List<String> extensions = config.deflate().enabled() ? List.of(DeflateNegotiation.clientOffer()) : List.of();
    ClientHandshake handshake = ClientHandshake.create(uri, options.subprotocols(), options.headers(), extensions);
    CompletableFuture<WsSession> future = new CompletableFuture<>();
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
    if (address.isUnresolved()) {
      future.completeExceptionally(new IOException("unknown host " + uri.getHost()));
      return future;
    }
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      TlsChannel tlsChannel = secure ? new TlsChannel(channel, tls().clientEngine(uri.getHost(), port)) : null;
      boolean connected = channel.connect(address);
      EventLoop loop = loops.next();
      Connection connection = new Connection(loop, channel, tlsChannel, config, registry,
          new ClientHandshaker(handshake, new HttpResponseParser(config.handshakeLimits()), request(uri, options),
              listener, future),
          address, null);
      registry.add(connection);
      int interest = connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT;
      loop.execute(() -> {
        try {
          connection.start(interest);
        } catch (IOException e) {
          future.completeExceptionally(e);
          connection.forceClose(CloseStatus.ABNORMAL);
        }
      });
    } catch (IOException e) {
      closeQuietly(channel);
      future.completeExceptionally(e);
    }
    return future;
  }

  private TlsConfig tls() throws IOException {
    if (tls != null) {
      return tls;
    }
    try {
      return TlsConfig.of(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("no default TLS context", e);
    }
  }

  private static HandshakeRequest request(URI uri, ConnectOptions options) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    HttpHeaders headers = new HttpHeaders().add("Host", uri.getAuthority());
    options.headers().forEach(headers::add);
    return new HandshakeRequest("GET", target, headers);
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the connect already failed; nothing more to report
      }
    }
  }

  /** The open sessions of this client, a snapshot. */
  public Collection<WsSession> sessions() {
    return registry.sessions();
  }

  public TransportStats stats() {
    return registry.stats();
  }

  /** Closes every session with 1001, waits up to 5 s for their close handshakes, and stops the event loops. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      for (Connection connection : registry.connections()) {
        connection.shutdown(CloseStatus.of(CloseStatus.GOING_AWAY, "client closing"));
      }
      if (!registry.awaitEmpty(System.nanoTime() + timeout.toNanos())) {
        for (Connection connection : registry.connections()) {
          connection.forceClose(CloseStatus.of(CloseStatus.ABNORMAL_CLOSURE, "client closing"));
        }
      }
      loops.shutdown(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link WsClient}. */
  public static final class Builder {

    private WsConfig config = WsConfig.defaults();
    private int ioThreads = 1;
    private String name = "duplex";
    private TlsConfig tls;

    private Builder() {
    }

    /**
     * TLS for {@code wss://} URIs: the context's trust decides which servers are believed. Default: the JDK's
     * default context and trust store. Server certificates are always checked against the host name.
     */
    public Builder tls(TlsConfig tlsConfig) {
      this.tls = Objects.requireNonNull(tlsConfig, "tls");
      return this;
    }

    public Builder config(WsConfig wsConfig) {
      this.config = Objects.requireNonNull(wsConfig, "config");
      return this;
    }

    /** Number of event loops. Default: 1. */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** Prefix of thread names. Default: {@code duplex}. */
    public Builder name(String threadNamePrefix) {
      this.name = Objects.requireNonNull(threadNamePrefix, "name");
      return this;
    }

    public WsClient build() {
      return new WsClient(this);
    }
  }
}
