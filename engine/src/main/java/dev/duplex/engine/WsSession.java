package dev.duplex.engine;

import dev.duplex.engine.handshake.HandshakeRequest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One open WebSocket connection, server or client side.
 *
 * <p>Every method is thread-safe. Sends are asynchronous and never block: the frame is queued on the connection,
 * which writes it in order, and the returned stage completes when the bytes have been handed to the socket, or
 * fails when the session closed first or the outbound buffer was over its limit (see {@link SlowConsumerPolicy}).
 */
public interface WsSession {

  /** An identifier unique within this process. */
  String id();

  /** Application attributes, filled by the handshake handler and by the application; thread-safe. */
  Map<String, Object> attributes();

  /** The request that opened this session: path, query parameters, headers. */
  HandshakeRequest handshake();

  InetSocketAddress remoteAddress();

  InetSocketAddress localAddress();

  /** The subprotocol both sides agreed on in the handshake, if any. */
  Optional<String> subprotocol();

  /** Whether no close frame has been sent or received yet. */
  boolean isOpen();

  CompletionStage<Void> sendText(String text);

  /**
   * Sends a text message from bytes the caller guarantees to be valid UTF-8, such as a received message sent back
   * unchanged. Not validated again.
   */
  CompletionStage<Void> sendText(ByteBuffer utf8);

  /** Sends a binary message; the buffer's bytes from position to limit are copied, not consumed. */
  CompletionStage<Void> sendBinary(ByteBuffer data);

  /**
   * Sends a binary message from a buffer the caller hands over: its bytes from position to limit are sent as they
   * are, and the caller must not change them afterwards. From a thread other than the session's event loop this
   * saves the copy {@link #sendBinary(ByteBuffer)} makes, and a message over 2 KiB is written from the buffer itself
   * rather than copied into a frame: for a buffer nobody else will touch, such as a received message sent back.
   */
  CompletionStage<Void> sendOwnedBinary(ByteBuffer data);

  /**
   * Sends one fragment of a text message (RFC 6455 section 5.4): the first call starts the message, the one with
   * {@code last} ends it; other data messages wait until then (they fail if sent meanwhile).
   */
  CompletionStage<Void> sendTextFragment(ByteBuffer utf8, boolean last);

  /** Sends one fragment of a binary message; see {@link #sendTextFragment(ByteBuffer, boolean)}. */
  CompletionStage<Void> sendBinaryFragment(ByteBuffer data, boolean last);

  /** Sends a message encoded once for many sessions. */
  CompletionStage<Void> send(PreparedMessage message);

  /** Sends a ping of at most 125 bytes. */
  CompletionStage<Void> sendPing(ByteBuffer payload);

  /** Sends a pong of at most 125 bytes. */
  CompletionStage<Void> sendPong(ByteBuffer payload);

  /**
   * Starts the close handshake. The stage completes when the connection is closed: when the peer answered, or
   * when the close timeout gave up on it. Closing a session that is already closing does nothing more.
   */
  CompletionStage<Void> close(CloseStatus status);

  /** Closes with 1000. */
  default CompletionStage<Void> close() {
    return close(CloseStatus.NORMAL);
  }

  /** Bytes queued for this session and not yet written to the socket. */
  long bufferedAmount();

  /**
   * Stops reading from the socket until {@link #resumeReading()}, so that TCP flow control holds back a peer
   * whose messages the application cannot keep up with. Calls nest: reading resumes after as many resumes as
   * suspends. Heartbeat timeouts are not enforced while reading is suspended.
   */
  void suspendReading();

  void resumeReading();

  /**
   * Runs {@code task} on this session's event loop once the loop has handled all the I/O that was ready together
   * with this session's, other sessions' included; from another thread, as soon as the loop gets to it. Lets a
   * listener gather the work of many reads and hand it to other threads in one go, one wake-up per batch rather
   * than one per read.
   */
  void runAfterBatch(Runnable task);

  /** Traffic counters of this session, for operators; {@link SessionStats#UNKNOWN} when not counted. */
  default SessionStats stats() {
    return SessionStats.UNKNOWN;
  }
}
