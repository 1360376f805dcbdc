package dev.duplex.spring.resolve;

import dev.duplex.spring.annotation.WsHandler;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resolvers Duplex knows, built-in and registered, and the rule that picks one per parameter: exactly one
 * must claim it. An unannotated parameter of a typed {@code @WsHandler} that nobody claims is the payload.
 */
public final class ArgumentResolvers {

  private final List<WsArgumentResolver> resolvers = new ArrayList<>();
  private final PayloadArgumentResolver payload;

  /**
   * @param validator Bean Validation for {@code @Valid} payloads, or {@code null} when it is not available
   * @param registered the application's resolvers, in order
   */
  public ArgumentResolvers(ConversionService conversions, JsonMapper mapper, PayloadValidator validator,
      List<WsArgumentResolver> registered) {
    this.payload = new PayloadArgumentResolver(mapper, validator);
    resolvers.add(ContextArgumentResolver.session());
    resolvers.add(ContextArgumentResolver.principal());
    resolvers.add(ContextArgumentResolver.envelope());
    resolvers.add(ContextArgumentResolver.closeStatus());
    resolvers.add(ContextArgumentResolver.error());
    resolvers.add(NamedValueArgumentResolver.pathVariables(conversions));
    resolvers.add(NamedValueArgumentResolver.handshakeHeaders(conversions));
    resolvers.add(NamedValueArgumentResolver.queryParameters(conversions));
    resolvers.add(NamedValueArgumentResolver.attributes(conversions));
    resolvers.add(new RawMessageArgumentResolver());
    resolvers.add(payload);
    resolvers.addAll(registered);
  }

  /**
   * The one resolver for {@code parameter}.
   *
   * @throws IllegalStateException naming the method and parameter when none or several claim it, or when a
   *     payload asks for validation that is not available
   */
  public WsArgumentResolver resolverFor(MethodParameter parameter) {
    List<WsArgumentResolver> claiming = resolvers.stream().filter(r -> r.supportsParameter(parameter)).toList();
    if (claiming.size() > 1) {
      throw new IllegalStateException("Ambiguous resolvers " + claiming + " for " + describe(parameter));
    }
    WsArgumentResolver resolver = claiming.isEmpty() ? fallback(parameter) : claiming.get(0);
    if (resolver == payload && PayloadArgumentResolver.wantsValidation(parameter) && !payload.canValidate()) {
      throw new IllegalStateException(describe(parameter) + " asks for validation, but no Bean Validation provider"
          + " is on the class path (add spring-boot-starter-validation)");
    }
    return resolver;
  }

  private WsArgumentResolver fallback(MethodParameter parameter) {
    WsHandler handler = parameter.getMethodAnnotation(WsHandler.class);
    if (handler != null && !handler.value().isEmpty() && onlyValidationAnnotations(parameter)
        && !parameter.getParameterType().isPrimitive()) {
      return payload;
    }
    throw new IllegalStateException("No resolver for " + describe(parameter) + ": annotate it (@Payload, @PathVar,"
        + " @HandshakeHeader, @QueryParam, @WsAttribute) or register a WsArgumentResolver bean that supports it");
  }

  private static boolean onlyValidationAnnotations(MethodParameter parameter) {
    return parameter.getParameterAnnotations().length
        == (PayloadArgumentResolver.wantsValidation(parameter) ? 1 : 0);
  }

  /** Whether the resolver is the raw message resolver and the parameter takes text. */
  public static boolean takesRawText(MethodParameter parameter, WsArgumentResolver resolver) {
    return resolver instanceof RawMessageArgumentResolver && RawMessageArgumentResolver.isText(parameter);
  }

  /** Whether the resolver is the raw message resolver and the parameter takes binary data. */
  public static boolean takesRawBinary(MethodParameter parameter, WsArgumentResolver resolver) {
    return resolver instanceof RawMessageArgumentResolver && RawMessageArgumentResolver.isBinary(parameter);
  }

  /** Whether the resolver gives the envelope payload. */
  public boolean takesPayload(WsArgumentResolver resolver) {
    return resolver == payload;
  }

  /** "parameter 2 (SendText cmd) of ChatEndpoint.send(SendText, String)". */
  public static String describe(MethodParameter parameter) {
    String name = parameter.getParameterName();
    return "parameter " + parameter.getParameterIndex() + " (" + parameter.getParameterType().getSimpleName()
        + (name == null ? "" : " " + name) + ") of " + HandlerMethods.describe(parameter.getMethod());
  }
}
