package dev.duplex.engine.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The opening handshake of a connection, server or client side; driven by {@link Connection} on its loop. */
interface HandshakePhase {

  /** Sends what this side says first, if anything. */
  void start(Connection connection);

  /** Bytes from the peer; on success calls {@link Connection#upgrade}, leaving the rest of {@code in} for it. */
  void onBytes(Connection connection, ByteBuffer in);

  /** The handshake timeout passed. */
  void onTimeout(Connection connection);

  /** The connection ended before the handshake completed. */
  void onClosed(Connection connection, String reason);

  /** The TCP connection could not be established (client side). */
  default void onConnectFailed(Connection connection, IOException error) {
    onClosed(connection, "connect failed: " + error.getMessage());
  }
}
