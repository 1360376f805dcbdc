package dev.duplex.engine.protocol;

import dev.duplex.engine.CloseStatus;

/**
 * A rule of RFC 6455 broken by the peer, with the close code that answers it (section 7.4.1). It only travels
 * inside the protocol core: {@link WsProtocol} turns it into a close frame and a {@link WsEvent.Close}, so the
 * caller never catches it. Misuse of the core's own API is reported with the JDK's argument and state exceptions
 * instead.
 */
final class PeerViolation extends Exception {

  private static final long serialVersionUID = 1L;

  private final int closeCode;

  private PeerViolation(int closeCode, String reason) {
    super(reason, null, false, false);
    this.closeCode = closeCode;
  }

  /** 1002: framing, opcode, masking, fragmentation or close-code rules. */
  static PeerViolation protocolError(String reason) {
    return new PeerViolation(CloseStatus.PROTOCOL_ERROR, reason);
  }

  /** 1007: text or close reason that is not UTF-8. */
  static PeerViolation invalidPayload(String reason) {
    return new PeerViolation(CloseStatus.INVALID_PAYLOAD, reason);
  }

  /** 1009: a frame or message over its limit. */
  static PeerViolation tooBig(String reason) {
    return new PeerViolation(CloseStatus.MESSAGE_TOO_BIG, reason);
  }

  CloseStatus status() {
    return new CloseStatus(closeCode, getMessage());
  }
}
