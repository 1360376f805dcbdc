package dev.duplex.spring.resolve;

import org.springframework.core.MethodParameter;

/**
 * Supplies a value for a parameter of a {@code @WsOpen}, {@code @WsHandler}, {@code @WsClose} or
 * {@code @WsError} method. Register implementations as Spring beans to add parameter types.
 *
 * <p>{@link #supportsParameter} is asked once per parameter at start-up; exactly one resolver (built-in or
 * registered) must claim each parameter, else start-up fails naming the method and parameter.
 * {@link #resolveArgument} runs on every call; throw {@link dev.duplex.spring.messaging.WsException} to answer
 * the client with an error.
 */
public interface WsArgumentResolver {

  boolean supportsParameter(MethodParameter parameter);

  Object resolveArgument(MethodParameter parameter, WsInvocation invocation) throws Exception;
}
