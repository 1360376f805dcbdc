package dev.duplex.spring.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes envelopes with the application's Jackson {@link JsonMapper}, so that the application's Jackson
 * configuration (naming, modules, dates) applies to payloads.
 */
public final class EnvelopeCodec {

  private final JsonMapper mapper;

  public EnvelopeCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public JsonMapper mapper() {
    return mapper;
  }

  /**
   * Parses a received text message.
   *
   * @throws EnvelopeException when it is not a JSON object with a string {@code type}, or its {@code id} is
   *     neither a string nor a number
   */
  public Envelope decode(String text) throws EnvelopeException {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JacksonException e) {
      throw new EnvelopeException("message is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new EnvelopeException("message is not a JSON object");
    }
    JsonNode type = tree.get("type");
    if (type == null || !type.isString() || type.asString().isEmpty()) {
      throw new EnvelopeException("message has no \"type\"");
    }
    JsonNode id = tree.get("id");
    String correlation = null;
    if (id != null && !id.isNull()) {
      if (!id.isString() && !id.isNumber()) {
        throw new EnvelopeException("\"id\" must be a string or a number");
      }
      correlation = id.asString();
    }
    return new Envelope(type.asString(), correlation, tree.path("data"));
  }

  /** Writes an envelope: {@code type}, then {@code replyTo} when not {@code null}, then {@code data}. */
  public String encode(String type, String replyTo, Object data) {
    Map<String, Object> envelope = new LinkedHashMap<>(4);
    envelope.put("type", type);
    if (replyTo != null) {
      envelope.put("replyTo", replyTo);
    }
    if (data != null) {
      envelope.put("data", data);
    }
    return mapper.writeValueAsString(envelope);
  }

  /** Writes an {@code error} envelope. */
  public String encodeError(String replyTo, WsErrorReply error) {
    return encode("error", replyTo, error);
  }
}
