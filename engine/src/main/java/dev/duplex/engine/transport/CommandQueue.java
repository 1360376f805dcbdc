package dev.duplex.engine.transport;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.WsSendException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends and closes that other threads hand to a connection's event loop. The loop drains them in one task, which
 * needs scheduling only when the queue was empty: a burst of sends from one thread costs one task and one wake-up.
 */
final class CommandQueue {

  /** A send ({@code close == null}) or a close, with the promise of the caller. */
  record Command(SendKind kind, ByteBuffer payload, boolean last, PreparedMessage prepared, CloseStatus close,
      CompletableFuture<Void> promise, long accounted) {

    static Command close(CloseStatus status, CompletableFuture<Void> promise) {
      return new Command(null, null, false, null, status, promise, 0);
    }
  }

  private final Queue<Command> commands = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * Queues a command; any thread.
   *
   * @return true when the caller must schedule a drain on the loop
   */
  boolean add(Command command) {
    commands.add(command);
    return scheduled.compareAndSet(false, true);
  }

  /** Starts a drain on the loop: commands queued from now on schedule the next one. */
  void draining() {
    scheduled.set(false);
  }

  Command poll() {
    return commands.poll();
  }

  /** Fails every queued send and completes every queued close: the connection has ended. */
  void failAll(Outbound outbound) {
    Command command;
    while ((command = commands.poll()) != null) {
      outbound.release(command.accounted());
      if (command.close() != null) {
        command.promise().complete(null);
      } else {
        command.promise().completeExceptionally(new WsSendException("session closed"));
      }
    }
  }
}
