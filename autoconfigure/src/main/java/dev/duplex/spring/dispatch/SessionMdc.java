package dev.duplex.spring.dispatch;

import dev.duplex.spring.session.DuplexSession;
import java.security.Principal;
import org.slf4j.MDC;

/**
 * Puts one session's id, endpoint and user into the logging MDC while its tasks run.
 *
 * <p>A batch of a session's tasks (what one read brought in, or one run of the executor) shares one
 * {@link #enter()}/{@link #exit()} pair: each MDC change costs thread-local writes in Logback, and doing it twice per
 * message was a fifth of the I/O thread's time in the loop-dispatch {@code /echo} profile (docs/benchmarks.md).
 * {@code enter()} before each task only reads, and puts the keys again if a handler removed them or the session's
 * user changed. One instance is used by one thread at a time.
 */
final class SessionMdc {

  static final String SESSION = "duplex.session";
  static final String USER = "duplex.user";
  static final String ENDPOINT = "duplex.endpoint";

  private final DuplexSession session;
  private boolean entered;
  private Principal userPut;

  SessionMdc(DuplexSession session) {
    this.session = session;
  }

  /** Makes the MDC this session's, unless it already is. */
  void enter() {
    String id = session.id();
    Principal user = session.principal();
    // identity: the session hands out one id instance, so a different string means another session put it
    if (entered && MDC.get(SESSION) == id && user == userPut) {
      return;
    }
    MDC.put(SESSION, id);
    MDC.put(ENDPOINT, session.endpoint());
    if (user != null) {
      MDC.put(USER, user.getName());
    } else if (MDC.get(USER) != null) {
      MDC.remove(USER);
    }
    userPut = user;
    entered = true;
  }

  /** Removes what {@link #enter()} put, if it put anything since the last exit. */
  void exit() {
    if (!entered) {
      return;
    }
    entered = false;
    MDC.remove(SESSION);
    MDC.remove(ENDPOINT);
    if (userPut != null) {
      MDC.remove(USER);
      userPut = null;
    }
  }
}
