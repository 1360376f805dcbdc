package dev.duplex.spring.support;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds and reads wire envelopes in tests. */
public final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {
  }

  /** {@code {"type": type, "id": id, "data": data}}, leaving out what is {@code null}. */
  public static String envelope(String type, String id, Object data) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("type", type);
    if (id != null) {
      envelope.put("id", id);
    }
    if (data != null) {
      envelope.put("data", data);
    }
    return MAPPER.writeValueAsString(envelope);
  }

  public static JsonNode parse(String text) {
    return MAPPER.readTree(text);
  }
}
