package dev.duplex.engine.protocol;

import dev.duplex.engine.CloseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The body of a close frame (RFC 6455 section 5.5.1): an optional 2-byte code followed by a UTF-8 reason. */
final class ClosePayload {

  private ClosePayload() {
  }

  /** Reads a received close payload, enforcing the rules of sections 5.5.1 and 7.4. */
  static CloseStatus parse(byte[] payload, int length) throws PeerViolation {
    if (length == 0) {
      return CloseStatus.EMPTY;
    }
    if (length == 1) {
      throw PeerViolation.protocolError("close frame with a 1-byte payload");
    }
    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    if (!CloseStatus.isSendable(code)) {
      throw PeerViolation.protocolError("invalid close code " + code);
    }
    if (!Utf8Validator.isValid(payload, 2, length - 2)) {
      throw PeerViolation.invalidPayload("close reason is not valid UTF-8");
    }
    return new CloseStatus(code, new String(payload, 2, length - 2, StandardCharsets.UTF_8));
  }

  /**
   * Encodes a status to send. {@link CloseStatus#NO_STATUS_RECEIVED} encodes as an empty payload, which is how
   * an empty close frame is answered.
   *
   * @throws IllegalArgumentException when the code may not be sent or the reason is longer than 123 bytes
   */
  static ByteBuffer encode(CloseStatus status) {
    if (status.code() == CloseStatus.NO_STATUS_RECEIVED) {
      return ByteBuffer.allocate(0);
    }
    if (!CloseStatus.isSendable(status.code())) {
      throw new IllegalArgumentException("close code " + status.code() + " may not be sent (RFC 6455 section 7.4)");
    }
    byte[] reason = status.reason().getBytes(StandardCharsets.UTF_8);
    if (reason.length > CloseStatus.MAX_REASON_BYTES) {
      throw new IllegalArgumentException("close reason is " + reason.length + " bytes of UTF-8, at most "
          + CloseStatus.MAX_REASON_BYTES + " fit a close frame");
    }
    return ByteBuffer.allocate(2 + reason.length).putShort((short) status.code()).put(reason).flip();
  }
}
