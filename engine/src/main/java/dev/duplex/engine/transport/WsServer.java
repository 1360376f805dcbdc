package dev.duplex.engine.transport;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.HandshakeHandler;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.HandshakeParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket server on NIO: N event loops, each owning the connections it was given for their whole life. The
 * listening socket is served by the first loop (see {@link Acceptor}); it hands new connections out round-robin,
 * itself included.
 *
 * <pre>{@code
 * WsServer server = WsServer.builder()
 *     .port(8081)
 *     .handler(WsRoutes.builder().route("/echo", new EchoListener()).build())
 *     .build()
 *     .start();
 * ...
 * server.stop(Duration.ofSeconds(10));
 * }</pre>
 */
public final class WsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WsServer.class);
  private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  private enum State { NEW, RUNNING, STOPPING, STOPPED }

  private final InetSocketAddress bindAddress;
  private final int backlog;
  private final WsConfig config;
  private final HandshakeHandler handler;
  private final TlsConfig tls;
  private final EventLoops loops;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final UnaryOperator<Acceptor.AcceptCall> acceptCalls;
  private volatile Acceptor acceptor;
  private volatile InetSocketAddress boundAddress;

  private WsServer(Builder builder) {
    this.bindAddress = new InetSocketAddress(builder.address, builder.port);
    this.backlog = builder.backlog;
    this.config = builder.config;
    this.handler = Objects.requireNonNull(builder.handler, "handler");
    this.tls = builder.tls;
    this.loops = new EventLoops(builder.name + "-io", builder.ioThreads);
    this.acceptCalls = builder.acceptCalls;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the port and starts accepting.
   *
   * @throws IOException when the address cannot be bound (for example, the port is in use)
   */
  public WsServer start() throws IOException {
    if (!state.compareAndSet(State.NEW, State.RUNNING)) {
      throw new IllegalStateException("server was already started");
    }
    ServerSocketChannel serverChannel = ServerSocketChannel.open();
    Acceptor listening;
    try {
      serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      serverChannel.bind(bindAddress, backlog);
      listening = new Acceptor(serverChannel, loops.next(), this::accepted, acceptCalls.apply(serverChannel::accept));
      // registered before the loops run, so no hand-off is needed
      listening.register();
    } catch (IOException e) {
      serverChannel.close();
      state.set(State.STOPPED);
      throw new IOException("cannot bind " + bindAddress + ": " + e.getMessage(), e);
    }
    boundAddress = (InetSocketAddress) serverChannel.getLocalAddress();
    acceptor = listening;
    loops.start();
    log.info("WebSocket server listening on {} ({}) with {} event loops", address(), tls == null ? "ws" : "wss",
        loops.size());
    return this;
  }

  /** The bound address; with port 0 this tells which port was chosen. */
  public InetSocketAddress address() {
    InetSocketAddress bound = boundAddress;
    if (bound == null) {
      throw new IllegalStateException("server is not bound");
    }
    return bound;
  }

  public int port() {
    return address().getPort();
  }

  public WsConfig config() {
    return config;
  }

  /** The open sessions, a snapshot. */
  public Collection<WsSession> sessions() {
    return registry.sessions();
  }

  /** The open session with this id, or {@code null}. */
  public WsSession session(String id) {
    return registry.session(id);
  }

  public TransportStats stats() {
    return registry.stats();
  }

  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }

  /** Whether new connections are accepted: running, and {@link #stopAccepting()} not called. */
  public boolean isAccepting() {
    Acceptor listening = acceptor;
    return isRunning() && listening != null && listening.isOpen();
  }

  /**
   * A socket was accepted on {@code acceptingLoop}: it goes to the next loop, and starts there at once when that
   * is the accepting loop itself, without a task or a wake-up.
   */
  private void accepted(SocketChannel channel, EventLoop acceptingLoop) {
    registry.stats().connectionAccepted();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      EventLoop loop = loops.next();
      TlsChannel secure = tls == null ? null : new TlsChannel(channel, tls.serverEngine());
      Connection connection = new Connection(loop, channel, secure, config, registry,
          new ServerHandshaker(new HandshakeParser(config.handshakeLimits()), handler),
          (InetSocketAddress) channel.getRemoteAddress(), (InetSocketAddress) channel.getLocalAddress());
      registry.add(connection);
      if (loop == acceptingLoop) {
        start(connection);
      } else {
        loop.execute(() -> start(connection));
      }
    } catch (IOException e) {
      log.debug("dropping accepted connection", e);
      try {
        channel.close();
      } catch (IOException ignored) {
        log.trace("closing dropped connection", ignored);
      }
    }
  }

  private static void start(Connection connection) {
    try {
      connection.start(SelectionKey.OP_READ);
    } catch (IOException e) {
      log.debug("cannot register connection {}", connection.id(), e);
      connection.forceClose(CloseStatus.ABNORMAL);
    }
  }

  /**
   * Stops accepting connections; open sessions go on. The first step of a graceful shutdown whose caller closes
   * sessions its own way (in batches, with reconnect hints) before {@link #stop(Duration, CloseStatus)}.
   */
  public void stopAccepting() {
    if (state.get() == State.RUNNING) {
      acceptor.close();
    }
  }

  /** Stops gracefully with 1001 and a 10 s deadline. */
  @Override
  public void close() {
    stop(DEFAULT_STOP_TIMEOUT);
  }

  /** Stops gracefully with 1001 (going away). */
  public void stop(Duration timeout) {
    stop(timeout, CloseStatus.SHUTDOWN);
  }

  /**
   * Stops gracefully: no new connections are accepted, every session is sent a close frame with {@code status}
   * (1001 going away, or 1012 service restart), and close handshakes are awaited until {@code timeout}; what is
   * left then is closed without one. Returns when every connection and event loop has ended.
   */
  public void stop(Duration timeout, CloseStatus status) {
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      acceptor.close();
      for (Connection connection : registry.connections()) {
        connection.shutdown(status);
      }
      if (!registry.awaitEmpty(deadline)) {
        int left = registry.connections().size();
        log.info("closing {} connections whose close handshake did not complete in {}", left, timeout);
        for (Connection connection : registry.connections()) {
          connection.forceClose(CloseStatus.of(CloseStatus.ABNORMAL_CLOSURE, "shutdown timeout"));
        }
        registry.awaitEmpty(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
      }
      loops.shutdown(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      state.set(State.STOPPED);
      log.info("WebSocket server on {} stopped", boundAddress);
    }
  }

  @Override
  public String toString() {
    return "WsServer[" + bindAddress + ", " + state.get() + ", " + registry.stats() + "]";
  }

  /** Builds a {@link WsServer}. */
  public static final class Builder {

    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port;
    private int backlog = 1024;
    private int ioThreads = Runtime.getRuntime().availableProcessors();
    private String name = "duplex";
    private WsConfig config = WsConfig.defaults();
    private HandshakeHandler handler;
    private TlsConfig tls;
    private UnaryOperator<Acceptor.AcceptCall> acceptCalls = UnaryOperator.identity();

    private Builder() {
    }

    /** Serves {@code wss://}: every connection starts with a TLS handshake, within the handshake timeout. */
    public Builder tls(TlsConfig tlsConfig) {
      this.tls = Objects.requireNonNull(tlsConfig, "tls");
      return this;
    }

    /** Address to bind. Default: the loopback address; use {@code 0.0.0.0} to listen on every interface. */
    public Builder address(InetAddress bindAddress) {
      this.address = Objects.requireNonNull(bindAddress, "address");
      return this;
    }

    /** Port to bind; 0 (the default) picks a free one, see {@link WsServer#port()}. */
    public Builder port(int bindPort) {
      if (bindPort < 0 || bindPort > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + bindPort);
      }
      this.port = bindPort;
      return this;
    }

    public Builder backlog(int acceptBacklog) {
      if (acceptBacklog < 1) {
        throw new IllegalArgumentException("backlog must be positive, was " + acceptBacklog);
      }
      this.backlog = acceptBacklog;
      return this;
    }

    /** Number of event loops. Default: the number of available processors. */
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

    public Builder config(WsConfig wsConfig) {
      this.config = Objects.requireNonNull(wsConfig, "config");
      return this;
    }

    public Builder handler(HandshakeHandler handshakeHandler) {
      this.handler = Objects.requireNonNull(handshakeHandler, "handler");
      return this;
    }

    /** Wraps the listening socket's accept call: a seam for tests that make it fail. */
    Builder acceptCalls(UnaryOperator<Acceptor.AcceptCall> wrapper) {
      this.acceptCalls = Objects.requireNonNull(wrapper, "wrapper");
      return this;
    }

    public WsServer build() {
      return new WsServer(this);
    }
  }
}
