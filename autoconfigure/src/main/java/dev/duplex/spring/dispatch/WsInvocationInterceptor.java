package dev.duplex.spring.dispatch;

import dev.duplex.spring.resolve.WsInvocation;

/**
 * Wraps every call of a {@code @WsOpen}, {@code @WsHandler} or {@code @WsClose} method, on the thread that runs
 * it: to set a security context, time the call, open a tracing span. Register implementations as Spring beans;
 * they nest in {@link org.springframework.core.Ordered} order, the first outermost.
 */
@FunctionalInterface
public interface WsInvocationInterceptor {

  /**
   * @param proceed calls the next interceptor, or the method itself; call it exactly once, or not at all to skip
   *     the method
   * @return what the method returned, or a replacement
   */
  Object intercept(WsInvocation invocation, HandlerInfo handler, Proceed proceed) throws Throwable;

  /** The rest of the chain. */
  @FunctionalInterface
  interface Proceed {

    Object proceed() throws Throwable;
  }
}
