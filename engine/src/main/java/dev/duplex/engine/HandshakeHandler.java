package dev.duplex.engine;

import dev.duplex.engine.handshake.HandshakeRequest;

/**
 * Decides what becomes of a valid opening handshake: which listener serves it, or the HTTP response that refuses
 * it (404 for an unknown path, 401, 403, 429 ...). The request has already passed RFC 6455 validation.
 *
 * <p>Called on the event loop that owns the connection, so it must not block.
 */
@FunctionalInterface
public interface HandshakeHandler {

  /**
   * @param request the validated opening handshake
   * @param connection the peer's address and whether the connection is encrypted
   */
  HandshakeDecision handle(HandshakeRequest request, ConnectionInfo connection);
}
