package dev.duplex.spring.annotation;

import dev.duplex.spring.dispatch.DispatchMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where the handler methods of one {@link WsEndpoint} run, overriding {@code duplex.dispatch.mode} for it.
 *
 * <p>Dispatch is a property of the handlers, not of the application: an endpoint whose handlers only compute a
 * reply or hand it to {@code WsMessenger} gains from {@link DispatchMode#LOOP} (no hand-off between threads), while
 * one that calls a database must stay on the executor so that it holds up only its own sessions. This lets both
 * kinds live in one application:
 *
 * <pre>{@code
 * @WsEndpoint("/cursor")
 * @WsDispatch(DispatchMode.LOOP)
 * class CursorEndpoint { ... }
 * }</pre>
 *
 * <p>It applies to annotated handler methods only: an endpoint that implements the engine's
 * {@link dev.duplex.engine.WsListener} always runs on the I/O thread, and carrying this annotation fails start-up.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsDispatch {

  /** {@link DispatchMode#LOOP} for handlers that never block, {@link DispatchMode#EXECUTOR} for the others. */
  DispatchMode value();
}
