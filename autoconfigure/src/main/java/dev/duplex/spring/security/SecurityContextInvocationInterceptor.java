package dev.duplex.spring.security;

import dev.duplex.spring.dispatch.HandlerInfo;
import dev.duplex.spring.dispatch.WsInvocationInterceptor;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.resolve.WsInvocation;
import java.security.Principal;
import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Makes the session's {@link Authentication} the security context's while a handler method runs, so that method
 * security ({@code @PreAuthorize}, {@code @Secured}) and code that reads {@link SecurityContextHolder} see the
 * session's user; the previous context is restored afterwards. A call that method security refuses answers with an
 * {@code error} envelope and the session stays open: {@code forbidden} for an {@link AccessDeniedException},
 * {@code unauthorized} for an anonymous session where authentication is needed.
 *
 * <p>An anonymous session on a thread whose context holds no authentication keeps that (empty) context instead of
 * getting a fresh one: nothing would differ but the cost, three thread-local writes and an allocation per call. A
 * handler that authenticates into it has its context cleared afterwards, so nothing leaks to the next call.
 */
public final class SecurityContextInvocationInterceptor implements WsInvocationInterceptor, Ordered {

  /** Close to the method, inside interceptors that time or trace the whole call. */
  public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

  private final SecurityStats stats;
  private final SecurityContextHolderStrategy strategy;

  public SecurityContextInvocationInterceptor(SecurityStats stats) {
    this(stats, SecurityContextHolder.getContextHolderStrategy());
  }

  public SecurityContextInvocationInterceptor(SecurityStats stats, SecurityContextHolderStrategy strategy) {
    this.stats = stats;
    this.strategy = strategy;
  }

  @Override
  public Object intercept(WsInvocation invocation, HandlerInfo handler, Proceed proceed) throws Throwable {
    Principal user = invocation.session().principal();
    if (!(user instanceof Authentication) && strategy.getContext().getAuthentication() == null) {
      try {
        return translated(proceed);
      } finally {
        if (strategy.getContext().getAuthentication() != null) {
          strategy.clearContext();
        }
      }
    }
    SecurityContext previous = strategy.getContext();
    SecurityContext context = strategy.createEmptyContext();
    if (user instanceof Authentication authentication) {
      context.setAuthentication(authentication);
    }
    strategy.setContext(context);
    try {
      return translated(proceed);
    } finally {
      if (previous == null || previous.getAuthentication() == null) {
        strategy.clearContext();
      } else {
        strategy.setContext(previous);
      }
    }
  }

  private Object translated(Proceed proceed) throws Throwable {
    try {
      return proceed.proceed();
    } catch (AccessDeniedException e) {
      stats.record(SecurityStats.Event.ACCESS_DENIED);
      throw new WsException("forbidden", "access denied");
    } catch (AuthenticationException e) {
      stats.record(SecurityStats.Event.ACCESS_DENIED);
      throw new WsException("unauthorized", "authentication required");
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
