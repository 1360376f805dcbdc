package dev.duplex.engine.transport;

import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.HandshakeHandler;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.handshake.HandshakeParser;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HandshakeResponse;
import dev.duplex.engine.handshake.ServerHandshake;
import dev.duplex.engine.protocol.DeflateNegotiation;
import dev.duplex.engine.protocol.WsProtocol;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the opening handshake: parse the request head, validate it (RFC 6455 section 4.2.1), ask
 * the {@link HandshakeHandler}, then answer 101 or refuse with a status. Every refusal is an HTTP response.
 */
final class ServerHandshaker implements HandshakePhase {

  private static final Logger log = LoggerFactory.getLogger(ServerHandshaker.class);

  private final HandshakeParser parser;
  private final HandshakeHandler handler;

  ServerHandshaker(HandshakeParser parser, HandshakeHandler handler) {
    this.parser = parser;
    this.handler = handler;
  }

  @Override
  public void start(Connection connection) {
  }

  @Override
  public void onBytes(Connection connection, ByteBuffer in) {
    HandshakeParser.Result result = parser.parse(in);
    if (result instanceof HandshakeParser.Result.Rejected rejected) {
      refuseInvalid(connection, rejected.response());
    } else if (result instanceof HandshakeParser.Result.Parsed parsed) {
      handshake(connection, parsed.request(), in);
    }
  }

  private void handshake(Connection connection, HandshakeRequest request, ByteBuffer rest) {
    ServerHandshake.Outcome outcome = ServerHandshake.validate(request);
    if (outcome instanceof ServerHandshake.Outcome.Invalid invalid) {
      refuseInvalid(connection, invalid.response());
      return;
    }
    ServerHandshake.Outcome.Valid valid = (ServerHandshake.Outcome.Valid) outcome;
    HandshakeDecision decision;
    try {
      decision = handler.handle(request, connection.info());
    } catch (RuntimeException e) {
      log.error("handshake handler failed for {}", request.path(), e);
      connection.transportStats().handshakeHandlerFailed();
      connection.refuse(HandshakeResponse.reject(500, "internal error"));
      return;
    }
    if (decision instanceof HandshakeDecision.Reject reject) {
      connection.refuse(reject.response());
      return;
    }
    HandshakeDecision.Accept accept = (HandshakeDecision.Accept) decision;
    String subprotocol = ServerHandshake.selectSubprotocol(valid.offeredSubprotocols(), accept.subprotocols())
        .orElse(null);
    WsConfig config = connection.config();
    Optional<DeflateNegotiation.Agreement> deflate =
        DeflateNegotiation.negotiate(valid.offeredExtensions(), config.deflate());
    HandshakeResponse response = HandshakeResponse.switchingProtocols(ServerHandshake.acceptKey(valid.key()),
        subprotocol, deflate.map(DeflateNegotiation.Agreement::responseHeader).orElse(null));
    WsProtocol protocol = WsProtocol.server(config.protocolLimits(),
        deflate.map(DeflateNegotiation.Agreement::parameters).orElse(null), config.deflate());
    connection.upgrade(response.toBytes(), protocol, accept.listener(), request, subprotocol, accept.attributes(),
        rest);
  }

  /** Refuses a request that is no valid WebSocket handshake; logged without any of its headers. */
  private static void refuseInvalid(Connection connection, HandshakeResponse response) {
    log.info("handshake from {} refused: bad_request ({} {})", connection.remoteAddress(), response.status(),
        response.reason());
    connection.transportStats().handshakeInvalid();
    connection.refuse(response);
  }

  @Override
  public void onTimeout(Connection connection) {
    log.info("handshake from {} refused: timeout (408)", connection.remoteAddress());
    connection.transportStats().handshakeTimedOut();
    connection.refuse(HandshakeResponse.reject(408, "opening handshake timed out"));
  }

  @Override
  public void onClosed(Connection connection, String reason) {
    log.debug("connection {} closed during the opening handshake: {}", connection.id(), reason);
  }

  @Override
  public String toString() {
    return "ServerHandshaker[" + parser + "]";
  }
}
