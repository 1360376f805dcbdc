package dev.duplex.engine.transport;

import java.nio.channels.SelectionKey;

/** What a selection key is attached to: called on the event loop when its channel is ready. */
interface IoHandler {

  void handleIo(SelectionKey key);

  /** The loop is shutting down and its selector will close: release the channel. */
  void loopClosed();

  /** Writes what was queued on the loop for a flush at the end of the loop's current batch of work. */
  default void flushDeferred() {
  }
}
