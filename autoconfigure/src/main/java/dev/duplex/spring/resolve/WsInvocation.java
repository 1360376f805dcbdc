package dev.duplex.spring.resolve;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.messaging.Envelope;
import dev.duplex.spring.session.DuplexSession;
import java.nio.ByteBuffer;

/**
 * What a handler method is being called for: the session, and the message, close status or exception that
 * triggered the call. Fields that do not apply to the call are {@code null}.
 *
 * @param session the session
 * @param envelope the envelope a typed {@code @WsHandler} handles
 * @param text the text message a raw {@code @WsHandler} handles
 * @param binary the binary message a raw {@code @WsHandler} handles
 * @param closeStatus the status a {@code @WsClose} method reports
 * @param error the exception a {@code @WsError} method maps
 */
public record WsInvocation(DuplexSession session, Envelope envelope, String text, ByteBuffer binary,
    CloseStatus closeStatus, Throwable error) {

  public static WsInvocation open(DuplexSession session) {
    return new WsInvocation(session, null, null, null, null, null);
  }

  public static WsInvocation envelope(DuplexSession session, Envelope envelope) {
    return new WsInvocation(session, envelope, null, null, null, null);
  }

  public static WsInvocation text(DuplexSession session, String text) {
    return new WsInvocation(session, null, text, null, null, null);
  }

  public static WsInvocation binary(DuplexSession session, ByteBuffer binary) {
    return new WsInvocation(session, null, null, binary, null, null);
  }

  public static WsInvocation close(DuplexSession session, CloseStatus status) {
    return new WsInvocation(session, null, null, null, status, null);
  }

  /** The same call, now failed with {@code failure}, for a {@code @WsError} method. */
  public WsInvocation failed(Throwable failure) {
    return new WsInvocation(session, envelope, text, binary, closeStatus, failure);
  }

  /** The id of the request envelope, for {@code replyTo}; {@code null} when there is none. */
  public String requestId() {
    return envelope == null ? null : envelope.id();
  }
}
