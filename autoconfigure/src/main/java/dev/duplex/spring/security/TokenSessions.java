package dev.duplex.spring.security;

import dev.duplex.engine.WsListener;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.session.SessionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * What the sessions of token-authenticated handshakes share: the verifier for refreshes and first messages, the
 * timer thread that ends sessions at their token's expiry, and the settings of both. Closing it stops the timers.
 *
 * <p>Wire messages (see {@code docs/security.md}):
 * <ul>
 *   <li>refresh: {@code {"type":"auth.refresh","id":"7","data":{"token":"..."}}}, answered by
 *       {@code {"type":"auth.refresh","replyTo":"7","data":{"subject":"alice","expiresAt":1767225600}}} or an
 *       {@code error} envelope ({@code invalid_token}, {@code forbidden}, {@code bad_request});
 *   <li>first message: {@code {"type":"auth","id":"1","data":{"token":"..."}}}, answered by
 *       {@code {"type":"auth","replyTo":"1","data":{...}}} or a close with 1008.
 * </ul>
 * A session is closed with {@value #POLICY_VIOLATION} {@value #EXPIRED_REASON} at its token's {@code exp} plus the
 * clock skew.
 */
public final class TokenSessions implements AutoCloseable {

  /** Envelope type of an in-band token refresh. */
  public static final String REFRESH_TYPE = "auth.refresh";
  /** Envelope type of the first-message token. */
  public static final String AUTH_TYPE = "auth";
  /** Close code of a session whose token expired or whose first message brought no valid token. */
  public static final int POLICY_VIOLATION = 1008;
  /** Close reason of a session whose token expired. */
  public static final String EXPIRED_REASON = "token expired";

  private final TokenVerifier verifier;
  private final TokenPrincipalFactory principals;
  private final SecurityStats stats;
  private final EnvelopeCodec codec;
  private final SessionRegistry registry;
  private final List<TokenRefreshCheck> refreshChecks;
  private final Settings settings;
  private final ScheduledThreadPoolExecutor timers;

  /**
   * @param clockSkew added to {@code exp} before a session is closed, as when the token was verified
   * @param firstMessageTimeout time a session without a handshake token has to send it
   * @param refresh whether sessions may refresh their token in band
   */
  public record Settings(Duration clockSkew, Duration firstMessageTimeout, boolean refresh, Clock clock) {
  }

  public TokenSessions(TokenVerifier verifier, TokenPrincipalFactory principals, SecurityStats stats,
      EnvelopeCodec codec, SessionRegistry registry, List<TokenRefreshCheck> refreshChecks, Settings settings) {
    this.verifier = verifier;
    this.principals = principals;
    this.stats = stats;
    this.codec = codec;
    this.registry = registry;
    this.refreshChecks = List.copyOf(refreshChecks);
    this.settings = settings;
    CustomizableThreadFactory threads = new CustomizableThreadFactory("duplex-token-timer-");
    threads.setDaemon(true);
    this.timers = new ScheduledThreadPoolExecutor(1, threads);
    this.timers.setRemoveOnCancelPolicy(true);
  }

  /** The listener that gives a session of a token-authenticated handshake its expiry, refresh and first message. */
  public WsListener secure(WsListener listener, SecuredHandshake handshake) {
    return new SecuredSessionListener(listener, handshake, this);
  }

  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return timers.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  /** Time from now until a token that expires at {@code expiresAt} is no longer accepted. */
  Duration untilExpiry(Instant expiresAt) {
    return Duration.between(settings.clock().instant(), expiresAt.plus(settings.clockSkew()));
  }

  TokenVerifier verifier() {
    return verifier;
  }

  TokenPrincipalFactory principals() {
    return principals;
  }

  SecurityStats stats() {
    return stats;
  }

  EnvelopeCodec codec() {
    return codec;
  }

  SessionRegistry registry() {
    return registry;
  }

  List<TokenRefreshCheck> refreshChecks() {
    return refreshChecks;
  }

  Settings settings() {
    return settings;
  }

  /** Expiry timers waiting, for tests and diagnostics. */
  public int pendingTimers() {
    return timers.getQueue().size();
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }

  @Override
  public String toString() {
    return "TokenSessions[" + settings + ", " + pendingTimers() + " timers]";
  }
}
