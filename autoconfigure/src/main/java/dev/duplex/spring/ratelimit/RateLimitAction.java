package dev.duplex.spring.ratelimit;

/** What happens to a message over a rate limit. */
public enum RateLimitAction {

  /** Drop it and answer with an {@code error} envelope, code {@code rate_limited} with {@code retryAfterMs}. */
  REJECT,

  /** Drop it and close the session with 1008 (policy violation). */
  CLOSE
}
