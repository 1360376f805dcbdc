package dev.duplex.spring.security;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what the security layer decided, for metrics: handshake refusals by reason, token failures by cause,
 * expiries and refreshes. Counters only go up; read them as often as needed.
 */
public final class SecurityStats {

  /** Something the security layer did. */
  public enum Event {
    /** A handshake refused with 403 for its {@code Origin}. */
    ORIGIN_REFUSED,
    /** A handshake refused with 401 for want of a token. */
    TOKEN_MISSING,
    /** A handshake refused with 401 for a bad token (see {@link TokenFailure} for the causes). */
    TOKEN_INVALID,
    /** A handshake refused with 403, or a session closed, for want of an endpoint authority. */
    AUTHORITY_REFUSED,
    /** A token accepted at the handshake or in the first message. */
    TOKEN_ACCEPTED,
    /** A session closed at its token's expiry. */
    SESSION_EXPIRED,
    /** An in-band refresh accepted. */
    REFRESH_ACCEPTED,
    /** An in-band refresh refused. */
    REFRESH_REFUSED,
    /** A session closed because its first message brought no valid token, or none came in time. */
    FIRST_MESSAGE_REFUSED,
    /** A handler call refused by method security ({@code @PreAuthorize}). */
    ACCESS_DENIED;

    /** The lower-case name, such as {@code origin_refused}, for tags. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Event, LongAdder> events = new EnumMap<>(Event.class);
  private final Map<TokenFailure, LongAdder> failures = new EnumMap<>(TokenFailure.class);

  public SecurityStats() {
    for (Event event : Event.values()) {
      events.put(event, new LongAdder());
    }
    for (TokenFailure failure : TokenFailure.values()) {
      failures.put(failure, new LongAdder());
    }
  }

  public void record(Event event) {
    events.get(event).increment();
  }

  /** Counts a refused token by cause, wherever it was presented: handshake, first message or refresh. */
  public void record(TokenFailure failure) {
    failures.get(failure).increment();
  }

  public long count(Event event) {
    return events.get(event).sum();
  }

  public long count(TokenFailure failure) {
    return failures.get(failure).sum();
  }

  /** Every event count by {@link Event#tag()}, a snapshot. */
  public Map<String, Long> events() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    events.forEach((event, count) -> snapshot.put(event.tag(), count.sum()));
    return snapshot;
  }

  /** Every refused-token count by {@link TokenFailure#tag()}, a snapshot. */
  public Map<String, Long> tokenFailures() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    failures.forEach((failure, count) -> snapshot.put(failure.tag(), count.sum()));
    return snapshot;
  }

  @Override
  public String toString() {
    return "SecurityStats" + events() + tokenFailures();
  }
}
