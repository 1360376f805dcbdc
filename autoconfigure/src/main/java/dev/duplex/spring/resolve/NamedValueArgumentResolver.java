package dev.duplex.spring.resolve;

import dev.duplex.spring.annotation.HandshakeHeader;
import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.QueryParam;
import dev.duplex.spring.annotation.WsAttribute;
import dev.duplex.spring.messaging.WsException;
import java.lang.annotation.Annotation;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;

/**
 * Resolves a parameter from a named value of the session (a path variable, a handshake header, a query
 * parameter, an attribute), converted to the parameter type with the application's {@link ConversionService}.
 *
 * @param <A> the annotation that marks such parameters
 */
final class NamedValueArgumentResolver<A extends Annotation> implements WsArgumentResolver {

  private final Class<A> annotation;
  private final String kind;
  private final Function<A, String> declaredName;
  private final Predicate<A> required;
  private final BiFunction<WsInvocation, String, Object> lookup;
  private final ConversionService conversions;

  private NamedValueArgumentResolver(Class<A> annotation, String kind, Function<A, String> declaredName,
      Predicate<A> required, BiFunction<WsInvocation, String, Object> lookup, ConversionService conversions) {
    this.annotation = annotation;
    this.kind = kind;
    this.declaredName = declaredName;
    this.required = required;
    this.lookup = lookup;
    this.conversions = conversions;
  }

  static WsArgumentResolver pathVariables(ConversionService conversions) {
    return new NamedValueArgumentResolver<>(PathVar.class, "path variable", PathVar::value, PathVar::required,
        (invocation, name) -> invocation.session().pathVariables().get(name), conversions);
  }

  static WsArgumentResolver handshakeHeaders(ConversionService conversions) {
    return new NamedValueArgumentResolver<>(HandshakeHeader.class, "handshake header", HandshakeHeader::value,
        HandshakeHeader::required, (invocation, name) -> invocation.session().handshake().headers().first(name),
        conversions);
  }

  static WsArgumentResolver queryParameters(ConversionService conversions) {
    return new NamedValueArgumentResolver<>(QueryParam.class, "query parameter", QueryParam::value,
        QueryParam::required, (invocation, name) -> invocation.session().handshake().queryParameter(name),
        conversions);
  }

  static WsArgumentResolver attributes(ConversionService conversions) {
    return new NamedValueArgumentResolver<>(WsAttribute.class, "session attribute", WsAttribute::value,
        WsAttribute::required, (invocation, name) -> invocation.session().attributes().get(name), conversions);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(annotation);
  }

  /** The name given in the annotation, or the parameter's own name. */
  static String nameOf(MethodParameter parameter, String given) {
    if (!given.isEmpty()) {
      return given;
    }
    String own = parameter.getParameterName();
    if (own == null) {
      throw new IllegalStateException("parameter " + parameter.getParameterIndex() + " of "
          + parameter.getMethod() + " has no name: give it in the annotation or compile with -parameters");
    }
    return own;
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, WsInvocation invocation) {
    A marker = parameter.getParameterAnnotation(annotation);
    String name = nameOf(parameter, declaredName.apply(marker));
    Object raw = lookup.apply(invocation, name);
    if (raw == null) {
      if (required.test(marker)) {
        throw new WsException("bad_request", "missing " + kind + " '" + name + "'");
      }
      return null;
    }
    if (parameter.getParameterType().isInstance(raw)) {
      return raw;
    }
    try {
      return conversions.convert(raw, TypeDescriptor.forObject(raw), new TypeDescriptor(parameter));
    } catch (ConversionException e) {
      throw new WsException("bad_request", kind + " '" + name + "' is not a valid "
          + parameter.getParameterType().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "@" + annotation.getSimpleName() + " resolver";
  }
}
