package dev.duplex.engine.protocol;

import dev.duplex.engine.CloseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What {@link WsProtocol#nextEvent()} reports after bytes went in. Messages are reported whole, once their last
 * fragment has arrived; control frames are reported as they arrive, even between the fragments of a message.
 */
public sealed interface WsEvent {

  /**
   * A complete text message. The payload has been validated as UTF-8.
   *
   * @param payload the UTF-8 bytes of the message, from position to limit; owned by the receiver
   */
  record Text(ByteBuffer payload) implements WsEvent {
    /** Decodes the message. */
    public String text() {
      ByteBuffer view = payload.duplicate();
      if (view.hasArray()) {
        return new String(view.array(), view.arrayOffset() + view.position(), view.remaining(), StandardCharsets.UTF_8);
      }
      return StandardCharsets.UTF_8.decode(view).toString();
    }
  }

  /**
   * A complete binary message.
   *
   * @param payload the message, from position to limit; owned by the receiver
   */
  record Binary(ByteBuffer payload) implements WsEvent { }

  /**
   * A ping from the peer. The protocol has already queued the pong that answers it (RFC 6455 section 5.5.2).
   *
   * @param payload application data of the ping, at most 125 bytes
   */
  record Ping(ByteBuffer payload) implements WsEvent { }

  /**
   * A pong from the peer, solicited or not (RFC 6455 section 5.5.3).
   *
   * @param payload application data of the pong, at most 125 bytes
   */
  record Pong(ByteBuffer payload) implements WsEvent { }

  /**
   * The end of the connection; always the last event. It reports the status the peer sent (or 1005 when its close
   * frame had none), the status this endpoint sent when the peer broke a rule (1002, 1007, 1009), or 1006 when the
   * stream ended without a close frame.
   *
   * @param status why the connection ends
   * @param byPeer whether the status came from the peer's close frame, rather than from this endpoint
   */
  record Close(CloseStatus status, boolean byPeer) implements WsEvent { }
}
