package dev.duplex.spring.filter;

import dev.duplex.engine.WsSession;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.session.DuplexSession;
import java.net.InetAddress;
import java.security.Principal;

/**
 * An inbound message as filters see it: where it arrived, from whom, what kind and how big. The payload itself
 * is not offered, so that filters stay cheap and cannot consume it.
 *
 * @param endpoint the endpoint's path template, such as {@code /chat/{room}}
 * @param session the session it arrived on; a {@link DuplexSession} for annotated endpoints
 * @param kind text or binary
 * @param type the envelope type, or {@code null} for a message without an envelope (raw text or binary)
 * @param requestId the envelope's {@code id}, to which a rejection replies; {@code null} when it has none
 * @param size the payload size in bytes
 */
public record WsInboundMessage(String endpoint, WsSession session, Kind kind, String type, String requestId,
    int size) {

  /** The frame type of a message. */
  public enum Kind {
    TEXT, BINARY
  }

  /** The session's user, or {@code null} for an anonymous session. */
  public Principal principal() {
    if (session instanceof DuplexSession duplex) {
      return duplex.principal();
    }
    return session.attributes().get(WsHandshakeContext.PRINCIPAL_ATTRIBUTE) instanceof Principal user ? user : null;
  }

  /**
   * The client's address: the peer's, or the one trusted proxies forwarded (see
   * {@link WsHandshakeContext#clientAddress()}).
   */
  public InetAddress clientAddress() {
    return WsHandshakeContext.clientAddress(session);
  }
}
