package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a query parameter of the opening handshake request, such as {@code ?lang=fr}. A missing value fails the
 * invocation with a {@code bad_request} error unless {@link #required()} is false, in which case the parameter
 * is {@code null}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface QueryParam {

  /** The query parameter name; defaults to the method parameter name. */
  String value() default "";

  /** Whether a missing value is an error. */
  boolean required() default true;
}
