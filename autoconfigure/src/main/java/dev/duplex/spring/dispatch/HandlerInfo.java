package dev.duplex.spring.dispatch;

import java.lang.reflect.Method;

/**
 * Which handler method a call goes to, for {@link WsInvocationInterceptor}s: low-cardinality facts fit for
 * metric tags and span names.
 *
 * @param endpoint the endpoint's path template
 * @param kind what the method handles
 * @param type the envelope type of a typed {@code @WsHandler}; {@code null} otherwise
 * @param method the method itself, to read annotations from
 */
public record HandlerInfo(String endpoint, Kind kind, String type, Method method) {

  /** The event a handler method handles. */
  public enum Kind {
    OPEN,
    MESSAGE,
    CLOSE
  }
}
