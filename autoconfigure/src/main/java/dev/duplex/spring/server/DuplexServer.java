package dev.duplex.spring.server;

import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.WsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the engine's {@link WsServer} for the life of the application context. It starts with the context's
 * lifecycle beans, once every singleton exists, and stops in Spring Boot's graceful-shutdown phase: it stops
 * accepting, closes the sessions in batches following the {@link ShutdownPlan}, waits for their close
 * handshakes until the plan's timeout, then drops what is left.
 */
public final class DuplexServer implements SmartLifecycle {

  /** The phase of Spring Boot's graceful web server shutdown, so both drain together. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private static final Logger log = LoggerFactory.getLogger(DuplexServer.class);

  /** Environment property that holds the bound port once the server runs, like Boot's {@code local.server.port}. */
  public static final String LOCAL_PORT_PROPERTY = "local.duplex.port";

  private final Supplier<WsServer> factory;
  private final ShutdownPlan shutdown;
  private final String summary;
  private final IntConsumer portPublisher;
  private volatile WsServer server;

  /**
   * @param factory builds the configured, unstarted server
   * @param summary the limits in force, logged once at start-up
   * @param portPublisher told the bound port once the server listens
   */
  public DuplexServer(Supplier<WsServer> factory, ShutdownPlan shutdown, String summary, IntConsumer portPublisher) {
    this.factory = factory;
    this.shutdown = shutdown;
    this.summary = summary;
    this.portPublisher = portPublisher;
  }

  @Override
  public void start() {
    WsServer created = factory.get();
    try {
      created.start();
    } catch (IOException e) {
      throw new PortInUseException(e);
    }
    server = created;
    portPublisher.accept(created.port());
    log.info("Duplex WebSocket server started on port {}; {}", created.port(), summary);
  }

  @Override
  public void stop() {
    drain();
  }

  @Override
  public void stop(Runnable callback) {
    Thread stopping = new Thread(() -> {
      try {
        drain();
      } finally {
        callback.run();
      }
    }, "duplex-shutdown");
    stopping.start();
  }

  private void drain() {
    WsServer running = server;
    if (running == null) {
      return;
    }
    long deadline = System.nanoTime() + shutdown.timeout().toNanos();
    running.stopAccepting();
    List<WsSession> sessions = new ArrayList<>(running.sessions());
    Collections.shuffle(sessions);
    log.info("Duplex closing {} sessions with {} in batches of {}", sessions.size(), shutdown.closeCode(),
        shutdown.batchSize());
    for (int i = 0; i < sessions.size() && System.nanoTime() < deadline; i++) {
      if (i > 0 && i % shutdown.batchSize() == 0) {
        LockSupport.parkNanos(shutdown.batchInterval().toNanos());
      }
      sessions.get(i).close(shutdown.nextStatus());
    }
    long remaining = Math.max(0, deadline - System.nanoTime());
    running.stop(Duration.ofNanos(remaining), shutdown.nextStatus());
    server = null;
    log.info("Duplex WebSocket server stopped");
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The running engine server; for the port and sessions. */
  public WsServer server() {
    WsServer running = server;
    if (running == null) {
      throw new IllegalStateException("Duplex server is not running");
    }
    return running;
  }

  /** The running engine server, or empty when stopped or not started yet. */
  public Optional<WsServer> current() {
    return Optional.ofNullable(server);
  }

  /** The bound port, or -1 when not running. */
  public int port() {
    WsServer running = server;
    return running == null ? -1 : running.port();
  }
}
