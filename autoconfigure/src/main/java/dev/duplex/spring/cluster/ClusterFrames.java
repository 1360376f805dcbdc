package dev.duplex.spring.cluster;

import dev.duplex.engine.PreparedMessage;
import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.DeliveryPolicy;
import dev.duplex.spring.messaging.OutboundMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@link ClusterMessage} into the frame its recipients receive. An envelope is written as
 * {@code {"type": ..., "data": ...}}; a recorded room message also carries {@code "room"} and {@code "offset"},
 * and a replayed one {@code "recovered": true}, so a client knows where to resume from. Replayed
 * messages are always {@link DeliveryPolicy#RELIABLE}.
 */
final class ClusterFrames {

  private final JsonMapper mapper;
  private final DeliveryPolicies policies;

  ClusterFrames(JsonMapper mapper, DeliveryPolicies policies) {
    this.mapper = mapper;
    this.policies = policies;
  }

  /** The JSON of an envelope's data, or {@code null} for none. */
  String dataJson(Object data) {
    return data == null ? null : mapper.writeValueAsString(data);
  }

  OutboundMessage live(ClusterMessage message) {
    return frame(message, false);
  }

  OutboundMessage replayed(ClusterMessage message) {
    return frame(message, true);
  }

  private OutboundMessage frame(ClusterMessage message, boolean recovered) {
    if (!message.isEnvelope()) {
      return OutboundMessage.raw(message.binary()
          ? PreparedMessage.binary(ByteBuffer.wrap(message.payload()))
          : PreparedMessage.text(new String(message.payload(), StandardCharsets.UTF_8)));
    }
    StringBuilder json = new StringBuilder(message.payload().length + 64);
    json.append("{\"type\":").append(mapper.writeValueAsString(message.type()));
    if (message.hasOffset()) {
      json.append(",\"room\":").append(mapper.writeValueAsString(message.target().name()))
          .append(",\"offset\":").append(message.offset());
      if (recovered) {
        json.append(",\"recovered\":true");
      }
    }
    if (message.payload().length > 0) {
      json.append(",\"data\":").append(new String(message.payload(), StandardCharsets.UTF_8));
    }
    json.append('}');
    PreparedMessage frame = PreparedMessage.text(json.toString());
    return recovered
        ? new OutboundMessage(frame, message.type(), DeliveryPolicy.RELIABLE, null)
        : policies.message(frame, message.type(), message.key());
  }
}
