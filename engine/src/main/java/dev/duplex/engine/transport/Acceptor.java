package dev.duplex.engine.transport;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket of a server, registered for {@code OP_ACCEPT} with the selector of one event loop (as
 * Netty's boss loop does). A connection that stays on that loop starts without leaving the thread, and one that
 * goes to another loop is handed over with a task. A dedicated acceptor thread would cost a thread switch and a
 * selector wake-up for every connection, which on a server with one CPU (one loop) are context switches.
 *
 * <p>Each readiness accepts at most {@link #MAX_ACCEPTS_PER_READY} sockets, so that a flood of connections does
 * not starve the reads of the loop's open connections. When {@code accept} fails (typically {@code EMFILE}, too
 * many open files), the pending connection is still in the backlog and the socket stays ready: accepting again at
 * once would spin at 100 % CPU, so interest is dropped and re-armed by a timer after {@link #BACKOFF_NANOS}.
 */
final class Acceptor implements IoHandler {

  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

  static final int MAX_ACCEPTS_PER_READY = 64;
  static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** What the acceptor gives every accepted socket to, on the accepting loop. */
  interface Sink {

    void accepted(SocketChannel channel, EventLoop acceptingLoop);
  }

  /** The accept call: {@code ServerSocketChannel::accept}, wrapped by tests to provoke failures. */
  interface AcceptCall {

    SocketChannel accept() throws IOException;
  }

  private final ServerSocketChannel channel;
  private final EventLoop loop;
  private final Sink sink;
  private final AcceptCall acceptCall;
  private final Runnable rearm = this::rearm;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private SelectionKey key;
  /** Whether the last accept failed: repeated failures are logged once, until an accept succeeds. */
  private boolean failing;

  Acceptor(ServerSocketChannel channel, EventLoop loop, Sink sink, AcceptCall acceptCall) {
    this.channel = channel;
    this.loop = loop;
    this.sink = sink;
    this.acceptCall = acceptCall;
  }

  /** Registers the non-blocking listening socket; before the loop starts, or on it. */
  void register() throws IOException {
    channel.configureBlocking(false);
    key = loop.register(channel, SelectionKey.OP_ACCEPT, this);
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void handleIo(SelectionKey readyKey) {
    for (int i = 0; i < MAX_ACCEPTS_PER_READY; i++) {
      SocketChannel accepted;
      try {
        accepted = acceptCall.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        backOff(e);
        return;
      }
      if (accepted == null) {
        return;
      }
      if (failing) {
        log.info("accepting connections again on {}", channel);
        failing = false;
      }
      try {
        sink.accepted(accepted, loop);
      } catch (RuntimeException e) {
        log.error("cannot start accepted connection", e);
        closeQuietly(accepted);
      }
    }
  }

  private void backOff(IOException e) {
    if (failing) {
      log.debug("accept failed again: {}", e.getMessage());
    } else {
      log.warn("accept failed: {}; retrying every {} ms until it succeeds", e.getMessage(),
          TimeUnit.NANOSECONDS.toMillis(BACKOFF_NANOS));
      failing = true;
    }
    key.interestOps(0);
    loop.schedule(loop.now() + BACKOFF_NANOS, rearm);
  }

  private void rearm() {
    if (key.isValid()) {
      key.interestOps(SelectionKey.OP_ACCEPT);
    }
  }

  /**
   * Closes the listening socket on its loop and waits (at most 5 s) until the port is released; from the loop
   * itself it cannot wait, and closes after the current task. Idempotent.
   */
  void close() {
    loop.execute(this::closeOnLoop);
    if (loop.inEventLoop()) {
      return;
    }
    try {
      closed.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("listening socket {} not closed within 5 s", channel);
    } catch (ExecutionException e) {
      log.warn("closing listening socket {}", channel, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The JDK closes a registered channel's socket only when its selector drops the cancelled key in a select: so
   * the key is dropped now rather than at the loop's next wait, and no connection is completed by the kernel into
   * a backlog that is about to go.
   */
  private void closeOnLoop() {
    try {
      channel.close();
      loop.dropCancelledKeys();
      closed.complete(null);
    } catch (IOException e) {
      closed.completeExceptionally(e);
    }
  }

  @Override
  public void loopClosed() {
    closeQuietly(channel);
    closed.complete(null);
  }

  private static void closeQuietly(Channel toClose) {
    try {
      toClose.close();
    } catch (IOException e) {
      log.debug("closing {}", toClose, e);
    }
  }

  @Override
  public String toString() {
    return "Acceptor[" + channel + (failing ? ", backing off" : "") + "]";
  }
}
