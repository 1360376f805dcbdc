package dev.duplex.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The engine's low-level handler: callbacks for one WebSocket session, without annotations or JSON.
 *
 * <p>Callbacks of one session are called one at a time, in the order the frames arrived, on the event-loop
 * thread that owns the connection. They must not block: hand slow work to an executor and, while it runs, use
 * {@link WsSession#suspendReading()} so that the socket, not memory, absorbs what the peer keeps sending.
 *
 * <p>A callback that throws ends the session with 1011 after {@link #onError(WsSession, Throwable)}.
 */
public interface WsListener {

  /** The opening handshake completed; the session can send. */
  default void onOpen(WsSession session) {
  }

  /**
   * A complete text message, as validated UTF-8 bytes. Override this instead of
   * {@link #onText(WsSession, String)} to skip decoding, for example to forward the message unchanged with
   * {@link WsSession#sendText(ByteBuffer)}.
   *
   * @param utf8 the message; owned by the listener, which may keep it
   */
  default void onTextBytes(WsSession session, ByteBuffer utf8) {
    onText(session, StandardCharsets.UTF_8.decode(utf8).toString());
  }

  /** A complete text message. */
  default void onText(WsSession session, String text) {
  }

  /**
   * A complete binary message.
   *
   * @param data the message; owned by the listener, which may keep it
   */
  default void onBinary(WsSession session, ByteBuffer data) {
  }

  /** A ping arrived; the engine has already answered it with a pong. */
  default void onPing(WsSession session, ByteBuffer payload) {
  }

  /** A pong arrived, in answer to a ping or unsolicited. */
  default void onPong(WsSession session, ByteBuffer payload) {
  }

  /**
   * The callbacks for what one read brought in are done: called after one or more message, ping or pong
   * callbacks, before the event loop turns to other connections, and never after {@link #onClose}. A listener
   * that batches work per read (a logging context, a flush, a counter) ends its batch here.
   */
  default void onReadComplete(WsSession session) {
  }

  /**
   * The session ended; called exactly once, last. The status is the one this side sent if it closed first, the
   * peer's if the peer closed first (1005 when its close frame had no code), the code of the rule the peer broke
   * (1002, 1007, 1009), or 1006 when the connection ended without a close handshake.
   */
  default void onClose(WsSession session, CloseStatus status) {
  }

  /** Another callback of this listener threw; the session is closed with 1011 afterwards. */
  default void onError(WsSession session, Throwable error) {
  }
}
