package dev.duplex.spring.ratelimit;

import java.util.Map;

/**
 * The rates of one scope at one level (every endpoint, or one endpoint): a rate for all messages and rates for
 * single message types, which replace it for those types.
 *
 * @param rate the rate of every message; {@code null} when this level does not set one
 * @param types rates of single types
 */
public record ScopeLimits(MessageRate rate, Map<String, MessageRate> types) {

  /** Sets nothing. */
  public static final ScopeLimits NONE = new ScopeLimits(null, Map.of());

  public ScopeLimits {
    types = Map.copyOf(types);
  }
}
