package dev.duplex.engine.transport;

import java.nio.channels.SelectionKey;

/** What a selection key is attached to: called on the event loop when its channel is ready. */
interface IoHandler {

  void handleIo(SelectionKey key);

  /** The loop is shutting down and its selector will close: release the channel. */
  void loopClosed();
}
