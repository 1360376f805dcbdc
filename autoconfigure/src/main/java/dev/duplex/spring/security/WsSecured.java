package dev.duplex.spring.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may open a session on a {@link dev.duplex.spring.annotation.WsEndpoint}: put it on the endpoint class to
 * override {@code duplex.security.jwt.required} for that endpoint, or to demand authorities.
 *
 * <ul>
 *   <li>{@code @WsSecured} alone: a valid bearer token is needed; without one the handshake is refused with 401.
 *   <li>{@code @WsSecured(authorities = {"ROLE_ADMIN", "chat:write"})}: the token must also grant at least one of
 *       these authorities, else the handshake is refused with 403; checked again on every in-band refresh.
 *   <li>{@code @WsSecured(required = false)}: anonymous sessions are welcome even when tokens are required
 *       globally. A token that is sent is still verified, and a bad one is still refused with 401.
 * </ul>
 *
 * <p>Endpoints without this annotation need a token exactly when {@code duplex.security.jwt.required} is true.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WsSecured {

  /** Whether a handshake without a token is refused; {@code false} opts the endpoint out. */
  boolean required() default true;

  /**
   * Authorities of which the token must grant at least one, compared with the authorities read from the
   * configured claim (prefix included). Empty: any authenticated user. Implies {@link #required()}.
   */
  String[] authorities() default {};
}
