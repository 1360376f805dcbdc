package dev.duplex.spring.resolve;

import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.messaging.WsException;
import java.lang.annotation.Annotation;
import org.springframework.core.MethodParameter;
import org.springframework.validation.annotation.Validated;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves the {@code data} of the envelope a typed {@code @WsHandler} handles: converted by Jackson to the
 * parameter's (generic) type, then validated when the parameter carries {@code @Valid} or {@code @Validated}.
 */
final class PayloadArgumentResolver implements WsArgumentResolver {

  private final JsonMapper mapper;
  private final PayloadValidator validator;

  /**
   * @param validator Bean Validation, or {@code null} when none is on the class path (then {@code @Valid}
   *     parameters fail start-up)
   */
  PayloadArgumentResolver(JsonMapper mapper, PayloadValidator validator) {
    this.mapper = mapper;
    this.validator = validator;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(Payload.class);
  }

  /** Where in the payload the problem is, such as {@code items[2].name}; no class names reach the client. */
  private static String fieldPath(JacksonException error) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : error.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Whether the parameter asks for Bean Validation. */
  static boolean wantsValidation(MethodParameter parameter) {
    for (Annotation annotation : parameter.getParameterAnnotations()) {
      String name = annotation.annotationType().getName();
      if (annotation instanceof Validated || name.equals("jakarta.validation.Valid")) {
        return true;
      }
    }
    return false;
  }

  boolean canValidate() {
    return validator != null;
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, WsInvocation invocation) {
    JsonNode data = invocation.envelope() == null ? null : invocation.envelope().data();
    Payload payload = parameter.getParameterAnnotation(Payload.class);
    boolean required = payload == null || payload.required();
    if (data == null || data.isNull() || data.isMissingNode()) {
      if (required) {
        throw new WsException("bad_request", "message has no \"data\"");
      }
      return null;
    }
    Object value;
    try {
      JavaType type = mapper.getTypeFactory().constructType(parameter.getGenericParameterType());
      value = mapper.readerFor(type).readValue(data);
    } catch (JacksonException e) {
      String field = fieldPath(e);
      throw new WsException("bad_request", "\"data\" does not match " + parameter.getParameterType().getSimpleName()
          + (field.isEmpty() ? "" : " at " + field));
    }
    if (value != null && wantsValidation(parameter)) {
      validator.validate(value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "payload resolver";
  }
}
