package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.duplex.spring.dispatch.HandlerInfo;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.resolve.WsInvocation;
import dev.duplex.spring.session.DuplexSession;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The security context a handler sees is its session's, for authenticated and anonymous sessions alike, and
 * nothing a call leaves behind reaches the next call on the same thread.
 */
class SecurityContextInvocationInterceptorTests {

  private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();
  private final SecurityStats stats = new SecurityStats();
  private final SecurityContextInvocationInterceptor interceptor =
      new SecurityContextInvocationInterceptor(stats, strategy);
  private final HandlerInfo handler = new HandlerInfo("/chat", HandlerInfo.Kind.MESSAGE, "chat.send", null);

  @AfterEach
  void clear() {
    strategy.clearContext();
  }

  @Test
  void anAuthenticatedSessionsHandlerSeesItsAuthenticationAndNothingStaysAfterwards() throws Throwable {
    Authentication alice = new TestingAuthenticationToken("alice", "n/a", "ROLE_USER");
    AtomicReference<Authentication> seen = new AtomicReference<>();

    interceptor.intercept(invocation(alice), handler, () -> {
      seen.set(strategy.getContext().getAuthentication());
      return null;
    });

    assertThat(seen.get()).isSameAs(alice);
    assertThat(strategy.getContext().getAuthentication()).isNull();
  }

  @Test
  void anAnonymousSessionsHandlerSeesNoAuthentication() throws Throwable {
    AtomicReference<Authentication> seen = new AtomicReference<>(new TestingAuthenticationToken("x", "y"));

    interceptor.intercept(invocation(null), handler, () -> {
      seen.set(strategy.getContext().getAuthentication());
      return "reply";
    });

    assertThat(seen.get()).isNull();
  }

  @Test
  void anAuthenticationSetByAnAnonymousSessionsHandlerDoesNotReachTheNextCall() throws Throwable {
    interceptor.intercept(invocation(null), handler, () -> {
      strategy.getContext().setAuthentication(new TestingAuthenticationToken("mallory", "n/a"));
      return null;
    });
    AtomicReference<Authentication> seen = new AtomicReference<>(new TestingAuthenticationToken("x", "y"));
    interceptor.intercept(invocation(null), handler, () -> {
      seen.set(strategy.getContext().getAuthentication());
      return null;
    });

    assertThat(seen.get()).isNull();
    assertThat(strategy.getContext().getAuthentication()).isNull();
  }

  @Test
  void aContextReplacedByAnAnonymousSessionsHandlerDoesNotReachTheNextCall() throws Throwable {
    interceptor.intercept(invocation(null), handler, () -> {
      SecurityContext replaced = strategy.createEmptyContext();
      replaced.setAuthentication(new TestingAuthenticationToken("mallory", "n/a"));
      strategy.setContext(replaced);
      return null;
    });

    assertThat(strategy.getContext().getAuthentication()).isNull();
  }

  @Test
  void anAnonymousSessionOnAThreadWithAnAuthenticationGetsAnEmptyContextAndTheOldOneBack() throws Throwable {
    Authentication caller = new TestingAuthenticationToken("caller", "n/a");
    SecurityContext outer = strategy.createEmptyContext();
    outer.setAuthentication(caller);
    strategy.setContext(outer);
    AtomicReference<Authentication> seen = new AtomicReference<>(caller);

    interceptor.intercept(invocation(null), handler, () -> {
      seen.set(strategy.getContext().getAuthentication());
      return null;
    });

    assertThat(seen.get()).isNull();
    assertThat(strategy.getContext()).isSameAs(outer);
    assertThat(outer.getAuthentication()).isSameAs(caller);
  }

  @Test
  void refusalsOfMethodSecurityBecomeErrorRepliesForBothKindsOfSession() {
    Authentication alice = new TestingAuthenticationToken("alice", "n/a");
    for (Principal user : new Principal[] {alice, null}) {
      assertThatThrownBy(() -> interceptor.intercept(invocation(user), handler, () -> {
        throw new AccessDeniedException("no");
      })).isInstanceOfSatisfying(WsException.class, e -> assertThat(e.reply().code()).isEqualTo("forbidden"));
      assertThatThrownBy(() -> interceptor.intercept(invocation(user), handler, () -> {
        throw new AuthenticationCredentialsNotFoundException("who?");
      })).isInstanceOfSatisfying(WsException.class, e -> assertThat(e.reply().code()).isEqualTo("unauthorized"));
      assertThat(strategy.getContext().getAuthentication()).isNull();
    }
    assertThat(stats.count(SecurityStats.Event.ACCESS_DENIED)).isEqualTo(4);
  }

  private static WsInvocation invocation(Principal user) {
    DuplexSession session = mock(DuplexSession.class);
    when(session.principal()).thenReturn(user);
    return WsInvocation.text(session, "hi");
  }
}
