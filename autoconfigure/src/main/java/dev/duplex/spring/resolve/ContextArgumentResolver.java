package dev.duplex.spring.resolve;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.annotation.WsClose;
import dev.duplex.spring.annotation.WsError;
import dev.duplex.spring.messaging.Envelope;
import dev.duplex.spring.session.DuplexSession;
import java.security.Principal;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.core.MethodParameter;

/**
 * Resolves parameters that stand for a part of the call itself: the session, its user, the request envelope,
 * the close status of a {@code @WsClose} method and the exception of a {@code @WsError} method. Each is known by
 * its type alone, so these parameters need no annotation.
 */
final class ContextArgumentResolver implements WsArgumentResolver {

  private final String description;
  private final Predicate<MethodParameter> supports;
  private final Function<WsInvocation, Object> value;

  private ContextArgumentResolver(String description, Predicate<MethodParameter> supports,
      Function<WsInvocation, Object> value) {
    this.description = description;
    this.supports = supports;
    this.value = value;
  }

  /** {@link DuplexSession} or the engine's {@link dev.duplex.engine.WsSession}. */
  static WsArgumentResolver session() {
    return new ContextArgumentResolver("session", unannotated(p -> p.getParameterType().isAssignableFrom(
        DuplexSession.class) && p.getParameterType() != Object.class), WsInvocation::session);
  }

  /**
   * {@link Principal} or a subtype such as Spring Security's {@code Authentication}: the session's user, or
   * {@code null} when anonymous or of another type.
   */
  static WsArgumentResolver principal() {
    return new ContextArgumentResolver("principal",
        unannotated(p -> Principal.class.isAssignableFrom(p.getParameterType())),
        invocation -> invocation.session().principal());
  }

  static WsArgumentResolver envelope() {
    return new ContextArgumentResolver("envelope", unannotated(p -> p.getParameterType() == Envelope.class),
        WsInvocation::envelope);
  }

  static WsArgumentResolver closeStatus() {
    return new ContextArgumentResolver("close status", unannotated(p -> p.getParameterType() == CloseStatus.class
        && p.hasMethodAnnotation(WsClose.class)), WsInvocation::closeStatus);
  }

  static WsArgumentResolver error() {
    return new ContextArgumentResolver("exception", unannotated(p -> Throwable.class.isAssignableFrom(
        p.getParameterType()) && p.hasMethodAnnotation(WsError.class)), WsInvocation::error);
  }

  private static Predicate<MethodParameter> unannotated(Predicate<MethodParameter> byType) {
    return parameter -> parameter.getParameterAnnotations().length == 0 && byType.test(parameter);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return supports.test(parameter);
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, WsInvocation invocation) {
    Object resolved = value.apply(invocation);
    return parameter.getParameterType().isInstance(resolved) ? resolved : null;
  }

  @Override
  public String toString() {
    return description + " resolver";
  }
}
