package dev.duplex.engine.transport;

import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.protocol.WsProtocol;
import java.nio.ByteBuffer;

/** What a session asks to send, and how the protocol encodes it into a frame. */
enum SendKind {
  TEXT,
  BINARY,
  TEXT_FRAGMENT,
  BINARY_FRAGMENT,
  PREPARED,
  PING,
  PONG;

  /** Control frames bypass the outbound limit and are not application messages. */
  boolean isControl() {
    return this == PING || this == PONG;
  }

  /**
   * Encodes the frame to write.
   *
   * @throws IllegalStateException when the protocol may not send it now (closing, a fragmented message under way)
   * @throws IllegalArgumentException when a control payload is too long
   */
  ByteBuffer encode(WsProtocol protocol, ByteBuffer payload, boolean last, PreparedMessage prepared) {
    return switch (this) {
      case TEXT -> protocol.text(payload);
      case BINARY -> protocol.binary(payload);
      case TEXT_FRAGMENT -> protocol.textFragment(payload, last);
      case BINARY_FRAGMENT -> protocol.binaryFragment(payload, last);
      case PREPARED -> protocol.prepared(prepared);
      case PING -> protocol.ping(payload);
      case PONG -> protocol.pong(payload);
    };
  }
}
