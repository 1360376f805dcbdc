package dev.duplex.spring.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message on its way from the node that sent it to the sessions of every node: the recipients, and the
 * payload as the sending node had it before any framing, so each node frames it once for its own sessions.
 *
 * @param origin id of the node that sent it; that node delivers to its own sessions itself and ignores it
 * @param except id of a session to leave out (the sender), or {@code null}
 * @param type the envelope type, or {@code null} for a raw text or binary message
 * @param key the key of a {@code LATEST} delivery policy, or {@code null}
 * @param binary whether a raw message is binary
 * @param offset the room history offset, or {@link #NO_OFFSET} when the message is not recorded
 * @param payload for an envelope the JSON of its {@code data} (empty for none); for a raw message its bytes
 */
public record ClusterMessage(String origin, Target target, String except, String type, String key, boolean binary,
    long offset, byte[] payload) {

  /** Offset of a message that is not in any history. */
  public static final long NO_OFFSET = -1;

  public ClusterMessage {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(payload, "payload");
  }

  /** An envelope whose {@code data} is already JSON; {@code dataJson} is {@code null} when it has no data. */
  public static ClusterMessage envelope(String origin, Target target, String except, String type, String key,
      String dataJson) {
    byte[] data = dataJson == null ? new byte[0] : dataJson.getBytes(StandardCharsets.UTF_8);
    return new ClusterMessage(origin, target, except, Objects.requireNonNull(type, "type"), key, false, NO_OFFSET,
        data);
  }

  public static ClusterMessage text(String origin, Target target, String except, String text) {
    return new ClusterMessage(origin, target, except, null, null, false, NO_OFFSET,
        text.getBytes(StandardCharsets.UTF_8));
  }

  public static ClusterMessage binary(String origin, Target target, String except, byte[] data) {
    return new ClusterMessage(origin, target, except, null, null, true, NO_OFFSET, data.clone());
  }

  public boolean isEnvelope() {
    return type != null;
  }

  public boolean hasOffset() {
    return offset != NO_OFFSET;
  }

  public ClusterMessage withOffset(long newOffset) {
    return new ClusterMessage(origin, target, except, type, key, binary, newOffset, payload);
  }

  @Override
  public String toString() {
    return "ClusterMessage[" + origin + " -> " + target.kind() + " " + target.name() + (type != null ? " " + type
        : binary ? " binary" : " text") + (hasOffset() ? " @" + offset : "") + ", " + payload.length + " bytes]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClusterMessage that && origin.equals(that.origin) && target.equals(that.target)
        && Objects.equals(except, that.except) && Objects.equals(type, that.type) && Objects.equals(key, that.key)
        && binary == that.binary && offset == that.offset && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, target, except, type, key, binary, offset, Arrays.hashCode(payload));
  }
}
