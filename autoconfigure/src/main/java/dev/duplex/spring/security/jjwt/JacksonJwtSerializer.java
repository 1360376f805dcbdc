package dev.duplex.spring.security.jjwt;

import io.jsonwebtoken.io.AbstractSerializer;
import java.io.OutputStream;
import java.util.Map;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * jjwt's JSON writer on Jackson 3, so that {@code Jwts.builder()} works in an application that has Duplex and jjwt
 * but no jjwt JSON module. Registered through {@code META-INF/services}.
 */
public final class JacksonJwtSerializer extends AbstractSerializer<Map<String, ?>> {

  private final JsonMapper mapper;

  public JacksonJwtSerializer() {
    this.mapper = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
  }

  @Override
  protected void doSerialize(Map<String, ?> claims, OutputStream out) {
    mapper.writeValue(out, claims);
  }
}
