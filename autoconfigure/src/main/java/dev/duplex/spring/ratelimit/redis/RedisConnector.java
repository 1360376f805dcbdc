package dev.duplex.spring.ratelimit.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Lettuce connection, opened in the background rather than by the caller: limits run on I/O and handler
 * threads, which must not wait for a connect timeout. Until the connection is open (at start-up, or while Redis is
 * down at start-up) {@link #get()} fails at once and the caller uses its local fallback; a failed attempt is
 * retried at most once a second. Once open, Lettuce reconnects by itself.
 */
final class RedisConnector<C extends StatefulConnection<?, ?>> implements AutoCloseable {

  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Supplier<C> connect;
  private volatile C connection;
  private CompletableFuture<C> attempt;
  private long attemptStarted;
  private boolean closed;

  RedisConnector(Supplier<C> connect) {
    this.connect = connect;
    start();
  }

  /**
   * The open connection.
   *
   * @throws RedisConnectionException when it is not open yet; a new attempt starts if the last one failed
   */
  C get() {
    C open = connection;
    if (open != null) {
      return open;
    }
    synchronized (this) {
      if (connection != null) {
        return connection;
      }
      if (attempt.isCompletedExceptionally() && System.nanoTime() - attemptStarted > RETRY_NANOS) {
        start();
      }
    }
    throw new RedisConnectionException("not connected to Redis yet");
  }

  /** Whether the connection is open (Lettuce may still be reconnecting it). */
  boolean isOpen() {
    return connection != null;
  }

  private synchronized void start() {
    if (closed) {
      return;
    }
    attemptStarted = System.nanoTime();
    attempt = CompletableFuture.supplyAsync(connect);
    attempt.thenAccept(this::opened);
  }

  private synchronized void opened(C opened) {
    if (closed) {
      opened.close();
    } else {
      connection = opened;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.close();
    }
  }
}
