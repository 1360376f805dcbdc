package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps an exception thrown by a handler of the same endpoint to the error sent to the client. The method takes
 * the exception (its parameter type selects which exceptions it handles; the most specific method wins) and
 * any parameter a handler takes, and returns a {@link dev.duplex.spring.messaging.WsErrorReply} (sent as an
 * {@code error} envelope answering the failed request), another object (sent as a reply envelope), or
 * {@code void} (nothing is sent).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsError {
}
