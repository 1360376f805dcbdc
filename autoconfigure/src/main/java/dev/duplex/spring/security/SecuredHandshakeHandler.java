package dev.duplex.spring.security;

import dev.duplex.engine.ConnectionInfo;
import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.HandshakeHandler;
import dev.duplex.engine.handshake.HandshakeRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Decorates the endpoint router: a handshake that {@link JwtHandshakeInterceptor} authenticated (or left waiting
 * for a first-message token) gets a {@link SecuredSessionListener} in front of its endpoint's listener, for expiry
 * and refresh. Other handshakes pass through unchanged.
 *
 * <p>When the token came in {@code Sec-WebSocket-Protocol}, the marker {@link BearerTokenResolver#SUBPROTOCOL_MARKER}
 * is added to the subprotocols the endpoint speaks, so that a browser that offered it gets an answer; the engine
 * only ever selects among these, so the token entry itself is never echoed.
 */
public final class SecuredHandshakeHandler implements HandshakeHandler {

  private final HandshakeHandler delegate;
  private final TokenSessions sessions;

  public SecuredHandshakeHandler(HandshakeHandler delegate, TokenSessions sessions) {
    this.delegate = delegate;
    this.sessions = sessions;
  }

  @Override
  public HandshakeDecision handle(HandshakeRequest request, ConnectionInfo connection) {
    HandshakeDecision decision = delegate.handle(request, connection);
    if (decision instanceof HandshakeDecision.Accept accept
        && accept.attributes().get(SecuredHandshake.ATTRIBUTE) instanceof SecuredHandshake secured) {
      List<String> subprotocols = accept.subprotocols();
      if (secured.source() == TokenSource.SUBPROTOCOL) {
        subprotocols = new ArrayList<>(subprotocols);
        subprotocols.add(BearerTokenResolver.SUBPROTOCOL_MARKER);
      }
      return HandshakeDecision.accept(sessions.secure(accept.listener(), secured), subprotocols, accept.attributes());
    }
    return decision;
  }

  @Override
  public String toString() {
    return "SecuredHandshakeHandler[" + delegate + "]";
  }
}
