package dev.duplex.spring.ratelimit;

import dev.duplex.engine.CloseStatus;
import dev.duplex.spring.filter.WsFilter;
import dev.duplex.spring.filter.WsFilterDecision;
import dev.duplex.spring.filter.WsInboundMessage;
import dev.duplex.spring.messaging.WsErrorReply;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;

/**
 * Limits inbound messages with token buckets per session, user and client IP, as {@link MessageRateRules} says.
 * A message takes one token from the bucket of each limit it meets; when one bucket is empty the tokens taken from
 * the others are given back, so a rejected message costs nothing. Over a limit, the message is rejected with
 * {@code rate_limited} and the wait until a token is back, or the session is closed with 1008, as configured; a
 * session rejected {@code closeAfterRejections} times is closed.
 *
 * <p>Session buckets live in the session's attributes and end with it; user and IP buckets are
 * {@link SharedBuckets}.
 */
public final class MessageRateLimitFilter implements WsFilter, Ordered {

  /** Runs early, after {@link InboundBandwidthFilter}, so that no application filter sees a message over a limit. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

  private static final String STATE = MessageRateLimitFilter.class.getName();
  private static final CloseStatus CLOSE = CloseStatus.of(CloseStatus.POLICY_VIOLATION, "rate limit exceeded");

  private final MessageRateRules rules;
  private final SharedBuckets shared;
  private final RateLimitAction action;
  private final int closeAfterRejections;

  /**
   * @param closeAfterRejections rejections after which a session is closed; 0 never closes it
   */
  public MessageRateLimitFilter(MessageRateRules rules, SharedBuckets shared, RateLimitAction action,
      int closeAfterRejections) {
    this.rules = rules;
    this.shared = shared;
    this.action = action;
    this.closeAfterRejections = closeAfterRejections;
  }

  @Override
  public boolean appliesTo(String endpoint) {
    return rules.limits(endpoint);
  }

  @Override
  public WsFilterDecision filter(WsInboundMessage message) {
    List<MessageRateRules.Rule> limits = rules.rulesFor(message.endpoint(), message.type());
    if (limits.isEmpty()) {
      return WsFilterDecision.pass();
    }
    SessionState state = (SessionState) message.session().attributes()
        .computeIfAbsent(STATE, ignored -> new SessionState());
    Runnable[] taken = new Runnable[limits.size()];
    for (int i = 0; i < limits.size(); i++) {
      MessageRateRules.Rule rule = limits.get(i);
      ConsumptionProbe probe;
      if (rule.scope() == LimitScope.SESSION) {
        Bucket bucket = state.buckets.computeIfAbsent(rule.key(), ignored -> rule.rate().newBucket());
        probe = bucket.tryConsumeAndReturnRemaining(1);
        taken[i] = () -> bucket.addTokens(1);
      } else {
        String key = sharedKey(rule, message);
        if (key == null) {
          continue;
        }
        probe = shared.tryConsume(key, rule.rate());
        taken[i] = () -> shared.giveBack(key, rule.rate());
      }
      if (!probe.isConsumed()) {
        giveBack(taken, i);
        return over(rule, message, probe.getNanosToWaitForRefill(), state);
      }
    }
    return WsFilterDecision.pass();
  }

  /** The key of a user or IP bucket; {@code null} for the user bucket of an anonymous session. */
  private static String sharedKey(MessageRateRules.Rule rule, WsInboundMessage message) {
    if (rule.scope() == LimitScope.USER) {
      Principal user = message.principal();
      return user == null ? null : key("user", user.getName(), rule);
    }
    return key("ip", message.clientAddress().getHostAddress(), rule);
  }

  /** A key no two (subject, setting) pairs share, whatever characters a user name holds. */
  private static String key(String kind, String subject, MessageRateRules.Rule rule) {
    return "msg:" + kind + ':' + subject.length() + ':' + subject + rule.key();
  }

  /** Puts back the tokens taken before the {@code refused} limit. */
  private static void giveBack(Runnable[] taken, int refused) {
    for (int i = 0; i < refused; i++) {
      if (taken[i] != null) {
        taken[i].run();
      }
    }
  }

  private WsFilterDecision over(MessageRateRules.Rule rule, WsInboundMessage message, long nanosToWait,
      SessionState state) {
    String limit = rule.scope().limitName();
    if (action == RateLimitAction.CLOSE
        || closeAfterRejections > 0 && state.rejections.incrementAndGet() >= closeAfterRejections) {
      return WsFilterDecision.close(limit, CLOSE);
    }
    long retryAfterMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanosToWait + 999_999));
    String what = message.type() != null ? "'" + message.type() + "' messages" : "messages";
    return WsFilterDecision.reject(limit, WsErrorReply.rateLimited("too many " + what + ": at most "
        + rule.rate().perSecond() + " per second per " + rule.scope().noun(),
        retryAfterMs));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "MessageRateLimitFilter[" + rules + ", " + action + "]";
  }

  /** What one session's messages have used. */
  private static final class SessionState {

    final Map<String, Bucket> buckets = new ConcurrentHashMap<>(4);
    final AtomicInteger rejections = new AtomicInteger();
  }
}
