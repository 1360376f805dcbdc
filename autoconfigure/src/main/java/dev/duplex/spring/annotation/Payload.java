package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the {@code data} of the envelope a typed {@link WsHandler} handles, converted by Jackson to the parameter
 * type. Add {@code @Valid} (or {@code @Validated}) to validate it; a violation answers with a
 * {@code validation_failed} error listing each field. Unannotated parameters of typed handlers whose type no
 * resolver claims are payloads too.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Payload {

  /** Whether a missing or {@code null} {@code data} is an error. */
  boolean required() default true;
}
