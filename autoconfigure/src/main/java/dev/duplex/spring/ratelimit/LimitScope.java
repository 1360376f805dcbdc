package dev.duplex.spring.ratelimit;

/** Whose messages a rate limit counts together. */
public enum LimitScope {

  /** Each session on its own. */
  SESSION("session", "session"),

  /** All sessions of one user; sessions without a user are not counted. */
  USER("user", "user"),

  /** All sessions from one client IP. */
  IP("ip", "IP address");

  private final String tag;
  private final String noun;

  LimitScope(String tag, String noun) {
    this.tag = tag;
    this.noun = noun;
  }

  /** What a scope is called in error messages, such as {@code IP address}. */
  public String noun() {
    return noun;
  }

  /** The name of limits of this scope in metrics and logs, such as {@code rate.session}. */
  public String limitName() {
    return "rate." + tag;
  }
}
