package dev.duplex.engine.transport;

import dev.duplex.engine.WsHandshakeException;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.ExtensionOffer;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HttpResponseParser;
import dev.duplex.engine.protocol.DeflateNegotiation;
import dev.duplex.engine.protocol.DeflateParameters;
import dev.duplex.engine.protocol.WsProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of the opening handshake: send the request, read the response head, check it (RFC 6455
 * section 4.1), then complete the connect future with the open session.
 */
final class ClientHandshaker implements HandshakePhase {

  private final ClientHandshake handshake;
  private final HttpResponseParser parser;
  private final HandshakeRequest request;
  private final WsListener listener;
  private final CompletableFuture<WsSession> future;

  ClientHandshaker(ClientHandshake handshake, HttpResponseParser parser, HandshakeRequest request,
      WsListener listener, CompletableFuture<WsSession> future) {
    this.handshake = handshake;
    this.parser = parser;
    this.request = request;
    this.listener = listener;
    this.future = future;
  }

  @Override
  public void start(Connection connection) {
    connection.write(handshake.requestBytes());
  }

  @Override
  public void onBytes(Connection connection, ByteBuffer in) {
    HttpResponseParser.Result result = parser.parse(in);
    if (result instanceof HttpResponseParser.Result.Failed failed) {
      fail(connection, 0, failed.message());
    } else if (result instanceof HttpResponseParser.Result.Parsed parsed) {
      ClientHandshake.Outcome outcome = handshake.validate(parsed.head());
      if (outcome instanceof ClientHandshake.Outcome.Failed refused) {
        fail(connection, refused.status(), refused.message());
      } else {
        ClientHandshake.Outcome.Accepted accepted = (ClientHandshake.Outcome.Accepted) outcome;
        Optional<ExtensionOffer> deflateResponse = accepted.extensions().stream()
            .filter(extension -> extension.name().equalsIgnoreCase(DeflateParameters.NAME)).findFirst();
        DeflateParameters deflate = null;
        if (deflateResponse.isPresent()) {
          deflate = DeflateNegotiation.acceptResponse(deflateResponse.get()).orElse(null);
          if (deflate == null) {
            fail(connection, 101, "invalid permessage-deflate response: " + deflateResponse.get().toHeaderValue());
            return;
          }
        }
        WsConfig config = connection.config();
        WsProtocol protocol = WsProtocol.client(config.protocolLimits(), deflate, config.deflate());
        connection.upgrade(null, protocol, listener, request, accepted.subprotocol(), Map.of(), in);
        future.complete(connection.session());
      }
    }
  }

  private void fail(Connection connection, int status, String message) {
    future.completeExceptionally(new WsHandshakeException(status, message));
    connection.failHandshake();
  }

  @Override
  public void onTimeout(Connection connection) {
    fail(connection, 0, "opening handshake timed out");
  }

  /** A refused or unreachable connection fails the connect with its {@link IOException}, as documented. */
  @Override
  public void onConnectFailed(Connection connection, IOException error) {
    future.completeExceptionally(error);
  }

  @Override
  public void onClosed(Connection connection, String reason) {
    future.completeExceptionally(new WsHandshakeException(0, "connection ended before the handshake completed: "
        + reason));
  }
}
