package dev.duplex.spring.security.jjwt;

import io.jsonwebtoken.io.AbstractDeserializer;
import java.io.Reader;
import java.util.Map;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * jjwt's JSON reader on Jackson 3, since jjwt's own Jackson module is built on Jackson 2. Duplicate member names
 * are refused, so a token cannot show one {@code sub} to one parser and another to the next. Registered through
 * {@code META-INF/services}, so jjwt finds it on its own.
 */
public final class JacksonJwtDeserializer extends AbstractDeserializer<Map<String, ?>> {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

  private final JsonMapper mapper;

  public JacksonJwtDeserializer() {
    this.mapper = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .build();
  }

  @Override
  protected Map<String, ?> doDeserialize(Reader reader) {
    return mapper.readValue(reader, MAP);
  }
}
