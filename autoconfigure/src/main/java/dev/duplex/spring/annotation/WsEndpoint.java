package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * A Spring bean that serves WebSocket sessions on one path of the Duplex server.
 *
 * <p>The path may hold variables, one path segment each: {@code /chat/{room}}, bound with {@link PathVar}. A
 * literal path wins over a template that also matches it; two endpoints on the same path (or the same template
 * with other variable names) fail start-up.
 *
 * <p>The bean is either annotated ({@link WsOpen}, {@link WsHandler}, {@link WsClose}, {@link WsError}
 * methods, at most one {@code @WsOpen} and one {@code @WsClose}), or implements the engine's
 * {@link dev.duplex.engine.WsListener} to receive frames directly on the I/O thread, without envelopes or
 * dispatch.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WsEndpoint {

  /** The path, such as {@code /chat/{room}}. */
  @AliasFor("path")
  String value() default "";

  @AliasFor("value")
  String path() default "";

  /** Subprotocols this endpoint speaks; the first one the client offers among them is selected. */
  String[] subprotocols() default {};
}
