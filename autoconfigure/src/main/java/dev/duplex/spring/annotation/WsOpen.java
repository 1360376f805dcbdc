package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once when a session of the endpoint opens, before any of its messages is handled. At most one per
 * endpoint; returns {@code void}. Parameters: the session, {@link PathVar}, {@link HandshakeHeader},
 * {@link QueryParam}, {@link WsAttribute}, {@link java.security.Principal}, or any type a registered
 * {@link dev.duplex.spring.resolve.WsArgumentResolver} supports.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsOpen {
}
