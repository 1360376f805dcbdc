package dev.duplex.spring.resolve;

import dev.duplex.spring.annotation.WsHandler;
import java.nio.ByteBuffer;
import org.springframework.core.MethodParameter;

/**
 * Resolves the message of a raw (untyped) {@link WsHandler}: a text message as {@code String} or
 * {@code CharSequence}, a binary one as {@code byte[]} or {@link ByteBuffer}.
 */
final class RawMessageArgumentResolver implements WsArgumentResolver {

  /** Whether the parameter receives raw text messages. */
  static boolean isText(MethodParameter parameter) {
    Class<?> type = parameter.getParameterType();
    return type == String.class || type == CharSequence.class;
  }

  /** Whether the parameter receives raw binary messages. */
  static boolean isBinary(MethodParameter parameter) {
    Class<?> type = parameter.getParameterType();
    return type == byte[].class || type == ByteBuffer.class;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    WsHandler handler = parameter.getMethodAnnotation(WsHandler.class);
    return handler != null && handler.value().isEmpty() && parameter.getParameterAnnotations().length == 0
        && (isText(parameter) || isBinary(parameter));
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, WsInvocation invocation) {
    if (isText(parameter)) {
      return invocation.text();
    }
    ByteBuffer binary = invocation.binary();
    if (binary == null) {
      return null;
    }
    if (parameter.getParameterType() == ByteBuffer.class) {
      return binary.duplicate();
    }
    byte[] bytes = new byte[binary.remaining()];
    binary.duplicate().get(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return "raw message resolver";
  }
}
