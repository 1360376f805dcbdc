package dev.duplex.spring.security;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.messaging.Envelope;
import dev.duplex.spring.messaging.EnvelopeException;
import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.session.DuplexSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Stands in front of the listener of a token-authenticated session: closes the session at its token's expiry,
 * answers in-band refreshes, and, for a session that must bring its token in its first message, holds the
 * endpoint's {@code onOpen} back until that token is verified. Every other callback goes to the endpoint unchanged.
 *
 * <p>Callbacks run on the session's I/O thread; the expiry timer only reads the current principal and closes.
 */
final class SecuredSessionListener implements WsListener {

  private static final Logger log = LoggerFactory.getLogger(SecuredSessionListener.class);
  private static final byte[] REFRESH_MARK = ("\"" + TokenSessions.REFRESH_TYPE + "\"")
      .getBytes(StandardCharsets.US_ASCII);

  private final WsListener delegate;
  private final SecuredHandshake handshake;
  private final TokenSessions sessions;
  private volatile boolean pending;
  private boolean opened;
  private ScheduledFuture<?> timer;

  SecuredSessionListener(WsListener delegate, SecuredHandshake handshake, TokenSessions sessions) {
    this.delegate = delegate;
    this.handshake = handshake;
    this.sessions = sessions;
    this.pending = handshake.pending();
  }

  @Override
  public void onOpen(WsSession session) {
    if (pending) {
      schedule(() -> firstMessageTimedOut(session), sessions.settings().firstMessageTimeout());
      return;
    }
    scheduleExpiry(session, currentPrincipal(session));
    open(session);
  }

  private void open(WsSession session) {
    opened = true;
    delegate.onOpen(session);
  }

  @Override
  public void onTextBytes(WsSession session, ByteBuffer utf8) {
    if (pending) {
      authenticate(session, StandardCharsets.UTF_8.decode(utf8).toString());
      return;
    }
    if (sessions.settings().refresh() && contains(utf8, REFRESH_MARK)) {
      Envelope envelope = decode(StandardCharsets.UTF_8.decode(utf8.duplicate()).toString());
      if (envelope != null && envelope.type().equals(TokenSessions.REFRESH_TYPE)) {
        refresh(session, envelope);
        return;
      }
    }
    delegate.onTextBytes(session, utf8);
  }

  @Override
  public void onBinary(WsSession session, ByteBuffer data) {
    if (pending) {
      refuseFirstMessage(session, "authentication required");
      return;
    }
    delegate.onBinary(session, data);
  }

  @Override
  public void onPing(WsSession session, ByteBuffer payload) {
    if (opened) {
      delegate.onPing(session, payload);
    }
  }

  @Override
  public void onPong(WsSession session, ByteBuffer payload) {
    if (opened) {
      delegate.onPong(session, payload);
    }
  }

  @Override
  public void onReadComplete(WsSession session) {
    if (opened) {
      delegate.onReadComplete(session);
    }
  }

  @Override
  public void onClose(WsSession session, CloseStatus status) {
    cancelTimer();
    if (opened) {
      delegate.onClose(session, status);
    }
  }

  @Override
  public void onError(WsSession session, Throwable error) {
    delegate.onError(session, error);
  }

  // ---------------------------------------------------------------- first message

  private void authenticate(WsSession session, String text) {
    Envelope envelope = decode(text);
    String token = envelope == null || !envelope.type().equals(TokenSessions.AUTH_TYPE) ? null : token(envelope);
    if (token == null) {
      refuseFirstMessage(session, "authentication required");
      return;
    }
    VerifiedToken verified;
    try {
      verified = sessions.verifier().verify(token);
    } catch (InvalidTokenException e) {
      sessions.stats().record(e.failure());
      log.debug("first-message token of session {} refused: {} ({})", session.id(), e.failure().tag(),
          e.getMessage());
      refuseFirstMessage(session, "invalid token");
      return;
    }
    if (!handshake.endpoint().permits(verified.authorities())) {
      sessions.stats().record(SecurityStats.Event.AUTHORITY_REFUSED);
      refuseFirstMessage(session, "forbidden");
      return;
    }
    sessions.stats().record(SecurityStats.Event.TOKEN_ACCEPTED);
    TokenPrincipal principal = sessions.principals().create(verified);
    session.attributes().put(WsHandshakeContext.PRINCIPAL_ATTRIBUTE, principal);
    pending = false;
    cancelTimer();
    scheduleExpiry(session, principal);
    session.sendText(sessions.codec().encode(TokenSessions.AUTH_TYPE, envelope.id(), summary(principal)));
    open(session);
  }

  private void firstMessageTimedOut(WsSession session) {
    if (pending) {
      refuseFirstMessage(session, "authentication timeout");
    }
  }

  private void refuseFirstMessage(WsSession session, String reason) {
    if (session.isOpen()) {
      sessions.stats().record(SecurityStats.Event.FIRST_MESSAGE_REFUSED);
      session.close(CloseStatus.of(TokenSessions.POLICY_VIOLATION, reason));
    }
  }

  // ---------------------------------------------------------------- expiry

  private void scheduleExpiry(WsSession session, TokenPrincipal principal) {
    if (principal == null || principal.expiresAt() == null) {
      cancelTimer();
      return;
    }
    schedule(() -> expire(session, principal), sessions.untilExpiry(principal.expiresAt()));
  }

  private void expire(WsSession session, TokenPrincipal principal) {
    if (currentPrincipal(session) == principal && session.isOpen()) {
      sessions.stats().record(SecurityStats.Event.SESSION_EXPIRED);
      log.debug("token of session {} ({}) expired", session.id(), principal.getName());
      session.close(CloseStatus.of(TokenSessions.POLICY_VIOLATION, TokenSessions.EXPIRED_REASON));
    }
  }

  private synchronized void schedule(Runnable task, Duration delay) {
    if (timer != null) {
      timer.cancel(false);
    }
    timer = sessions.schedule(task, delay);
  }

  private synchronized void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  // ---------------------------------------------------------------- refresh

  private void refresh(WsSession session, Envelope request) {
    TokenPrincipal current = currentPrincipal(session);
    String token = token(request);
    if (current == null || token == null) {
      refuseRefresh(session, request, WsErrorReply.of("bad_request", "auth.refresh needs data.token"));
      return;
    }
    VerifiedToken verified;
    try {
      verified = sessions.verifier().verify(token);
    } catch (InvalidTokenException e) {
      sessions.stats().record(e.failure());
      log.debug("refresh of session {} refused: {} ({})", session.id(), e.failure().tag(), e.getMessage());
      refuseRefresh(session, request, WsErrorReply.of("invalid_token", "token refused: " + e.failure().tag()));
      return;
    }
    if (!verified.subject().equals(current.getName())) {
      log.debug("refresh of session {} refused: subject {} is not {}", session.id(), verified.subject(),
          current.getName());
      refuseRefresh(session, request, WsErrorReply.of("forbidden", "a refresh may not change the subject"));
      return;
    }
    if (!handshake.endpoint().permits(verified.authorities())) {
      sessions.stats().record(SecurityStats.Event.AUTHORITY_REFUSED);
      refuseRefresh(session, request, WsErrorReply.of("forbidden", "the token lacks an authority of this endpoint"));
      return;
    }
    TokenPrincipal refreshed = sessions.principals().create(verified);
    WsSession view = view(session);
    for (TokenRefreshCheck check : sessions.refreshChecks()) {
      if (!check.allows(view, current, refreshed)) {
        refuseRefresh(session, request, WsErrorReply.of("forbidden", "refresh refused"));
        return;
      }
    }
    session.attributes().put(WsHandshakeContext.PRINCIPAL_ATTRIBUTE, refreshed);
    if (view instanceof DuplexSession duplex) {
      duplex.setPrincipal(refreshed);
    }
    scheduleExpiry(session, refreshed);
    sessions.stats().record(SecurityStats.Event.REFRESH_ACCEPTED);
    view.sendText(sessions.codec().encode(TokenSessions.REFRESH_TYPE, request.id(), summary(refreshed)));
  }

  private void refuseRefresh(WsSession session, Envelope request, WsErrorReply error) {
    sessions.stats().record(SecurityStats.Event.REFRESH_REFUSED);
    view(session).sendText(sessions.codec().encodeError(request.id(), error));
  }

  /** The session as the application sees it: the {@link DuplexSession} of an annotated endpoint, else itself. */
  private WsSession view(WsSession session) {
    DuplexSession duplex = sessions.registry().session(session.id());
    return duplex != null ? duplex : session;
  }

  // ---------------------------------------------------------------- helpers

  private static TokenPrincipal currentPrincipal(WsSession session) {
    return session.attributes().get(WsHandshakeContext.PRINCIPAL_ATTRIBUTE) instanceof TokenPrincipal principal
        ? principal
        : null;
  }

  private Envelope decode(String text) {
    try {
      return sessions.codec().decode(text);
    } catch (EnvelopeException e) {
      return null;
    }
  }

  private static String token(Envelope envelope) {
    JsonNode token = envelope.data().path("token");
    return token.isString() && !token.asString().isBlank() ? token.asString().trim() : null;
  }

  private static Map<String, Object> summary(TokenPrincipal principal) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("subject", principal.getName());
    Instant expiresAt = principal.expiresAt();
    if (expiresAt != null) {
      data.put("expiresAt", expiresAt.getEpochSecond());
    }
    return data;
  }

  /** Whether the readable bytes of {@code buffer} contain {@code needle}; leaves the buffer as it is. */
  static boolean contains(ByteBuffer buffer, byte[] needle) {
    int last = buffer.limit() - needle.length;
    outer:
    for (int i = buffer.position(); i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buffer.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "SecuredSessionListener[" + handshake.source() + (pending ? ", pending" : "") + ", " + delegate + "]";
  }
}
