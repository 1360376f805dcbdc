package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once when a session of the endpoint has closed, after every message it received was handled. At most
 * one per endpoint; returns {@code void}. Takes the parameters {@link WsOpen} takes, plus the
 * {@link dev.duplex.engine.CloseStatus}. The session can no longer send; its rooms have been left.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsClose {
}
