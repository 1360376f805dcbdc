package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a session attribute, as handshake interceptors or earlier handlers stored it. A missing value fails the
 * invocation with a {@code bad_request} error unless {@link #required()} is false, in which case the parameter
 * is {@code null}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsAttribute {

  /** The attribute name; defaults to the parameter name. */
  String value() default "";

  /** Whether a missing value is an error. */
  boolean required() default true;
}
