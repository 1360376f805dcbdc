package dev.duplex.spring.autoconfigure;

import dev.duplex.spring.ratelimit.MessageRate;
import dev.duplex.spring.ratelimit.RateLimitAction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Rate and connection limits. Messages are limited by token buckets per session (on by default), per user and per
 * client IP (off by default), each overridable per message type and per endpoint; connections by caps in total,
 * per IP and per user and by a handshake rate per IP (off by default); inbound bytes per session by pausing reads
 * (off by default). A rate of 0 means unlimited.
 *
 * <p>Each value is checked at start-up; a bad one fails it with a message naming the property.
 */
@ConfigurationProperties("duplex.rate-limit")
public class DuplexRateLimitProperties implements Validator {

  /** Messages a session may send per second, on average; 0 for no limit. */
  private int messagesPerSecond = 100;

  /** Messages a session may send at once after being quiet; twice messages-per-second when not set. */
  private Integer burst;

  /** Per-session limits of single message types, replacing the session's limit for those types. */
  private Map<String, Rate> types = new LinkedHashMap<>();

  /** What happens to a message over a limit. */
  private RateLimitAction action = RateLimitAction.REJECT;

  /** Rejections after which a session is closed with 1008; 0 never closes it. */
  private int closeAfterRejections;

  /** Limits shared by every session of one user (sessions without a user are not limited here). */
  private final Scope perUser = new Scope();

  /** Limits shared by every session from one client IP. */
  private final Scope perIp = new Scope();

  /** Overrides for single endpoints, by path template (for example {@code "[/chat/{room}]"}). */
  private Map<String, EndpointLimits> endpoints = new LinkedHashMap<>();

  private final Bandwidth bandwidth = new Bandwidth();

  private final Connections connections = new Connections();

  private final Handshakes handshakes = new Handshakes();

  @Override
  public boolean supports(Class<?> type) {
    return DuplexRateLimitProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    DuplexRateLimitProperties properties = (DuplexRateLimitProperties) target;
    validateRule(errors, "", properties.messagesPerSecond, properties.burst, properties.types);
    properties.perUser.validate(errors, "per-user.");
    properties.perIp.validate(errors, "per-ip.");
    requireNotNegative(errors, "close-after-rejections", properties.closeAfterRejections);
    properties.endpoints.forEach((path, limits) -> limits.validate(errors, "endpoints[" + path + "]."));
    properties.bandwidth.validate(errors);
    properties.connections.validate(errors);
    properties.handshakes.validate(errors);
  }

  /** The session rate at the top level. */
  public MessageRate sessionRate() {
    return MessageRate.of(messagesPerSecond, burst);
  }

  private static void validateRule(Errors errors, String prefix, Integer messagesPerSecond, Integer burst,
      Map<String, Rate> types) {
    if (messagesPerSecond != null) {
      requireNotNegative(errors, prefix + "messages-per-second", messagesPerSecond);
    }
    if (burst != null && burst < 1) {
      errors.rejectValue(prefix + "burst", "range", "must be at least 1, was " + burst);
    }
    types.forEach((type, rate) -> {
      if (type.isBlank()) {
        errors.rejectValue(prefix + "types", "blank", "a message type must not be blank");
      }
      validateRule(errors, prefix + "types[" + type + "].", rate.messagesPerSecond, rate.burst, Map.of());
      if (rate.messagesPerSecond == null) {
        errors.rejectValue(prefix + "types[" + type + "].messages-per-second", "required", "must be set");
      }
    });
  }

  private static void requireNotNegative(Errors errors, String field, long value) {
    if (value < 0) {
      errors.rejectValue(field, "range", "must not be negative, was " + value);
    }
  }

  public int getMessagesPerSecond() {
    return messagesPerSecond;
  }

  public void setMessagesPerSecond(int messagesPerSecond) {
    this.messagesPerSecond = messagesPerSecond;
  }

  public Integer getBurst() {
    return burst;
  }

  public void setBurst(Integer burst) {
    this.burst = burst;
  }

  public Map<String, Rate> getTypes() {
    return types;
  }

  public void setTypes(Map<String, Rate> types) {
    this.types = types;
  }

  public RateLimitAction getAction() {
    return action;
  }

  public void setAction(RateLimitAction action) {
    this.action = action;
  }

  public int getCloseAfterRejections() {
    return closeAfterRejections;
  }

  public void setCloseAfterRejections(int closeAfterRejections) {
    this.closeAfterRejections = closeAfterRejections;
  }

  public Scope getPerUser() {
    return perUser;
  }

  public Scope getPerIp() {
    return perIp;
  }

  public Map<String, EndpointLimits> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(Map<String, EndpointLimits> endpoints) {
    this.endpoints = endpoints;
  }

  public Bandwidth getBandwidth() {
    return bandwidth;
  }

  public Connections getConnections() {
    return connections;
  }

  public Handshakes getHandshakes() {
    return handshakes;
  }

  /** A message rate. */
  public static class Rate {

    /** Messages per second, on average; 0 for no limit. */
    private Integer messagesPerSecond;

    /** Messages at once after a quiet period; twice messages-per-second when not set. */
    private Integer burst;

    public Integer getMessagesPerSecond() {
      return messagesPerSecond;
    }

    public void setMessagesPerSecond(Integer messagesPerSecond) {
      this.messagesPerSecond = messagesPerSecond;
    }

    public Integer getBurst() {
      return burst;
    }

    public void setBurst(Integer burst) {
      this.burst = burst;
    }

    public MessageRate toRate() {
      return MessageRate.of(messagesPerSecond, burst);
    }
  }

  /** Limits of one scope (a user, or a client IP): a rate for all messages and rates for single types. */
  public static class Scope extends Rate {

    /** Limits of single message types, replacing the scope's limit for those types. */
    private Map<String, Rate> types = new LinkedHashMap<>();

    public Map<String, Rate> getTypes() {
      return types;
    }

    public void setTypes(Map<String, Rate> types) {
      this.types = types;
    }

    void validate(Errors errors, String prefix) {
      validateRule(errors, prefix, getMessagesPerSecond(), getBurst(), types);
    }
  }

  /** Overrides for one endpoint; what is not set here comes from the top level. */
  public static class EndpointLimits extends Scope {

    private final Scope perUser = new Scope();

    private final Scope perIp = new Scope();

    public Scope getPerUser() {
      return perUser;
    }

    public Scope getPerIp() {
      return perIp;
    }

    @Override
    void validate(Errors errors, String prefix) {
      super.validate(errors, prefix);
      perUser.validate(errors, prefix + "per-user.");
      perIp.validate(errors, prefix + "per-ip.");
    }
  }

  /** Inbound bytes per session, enforced by pausing reads, never by dropping data. */
  public static class Bandwidth {

    /** Bytes a session may send per second, on average; no limit when not set. */
    private DataSize bytesPerSecond;

    /** Bytes a session may send at once; bytes-per-second when not set. */
    private DataSize burst;

    public DataSize getBytesPerSecond() {
      return bytesPerSecond;
    }

    public void setBytesPerSecond(DataSize bytesPerSecond) {
      this.bytesPerSecond = bytesPerSecond;
    }

    public DataSize getBurst() {
      return burst;
    }

    public void setBurst(DataSize burst) {
      this.burst = burst;
    }

    public boolean isEnabled() {
      return bytesPerSecond != null;
    }

    void validate(Errors errors) {
      if (bytesPerSecond != null && bytesPerSecond.toBytes() < 1) {
        errors.rejectValue("bandwidth.bytes-per-second", "range", "must be at least 1B, was " + bytesPerSecond);
      }
      if (burst != null && burst.toBytes() < 1) {
        errors.rejectValue("bandwidth.burst", "range", "must be at least 1B, was " + burst);
      }
    }
  }

  /** Caps on open connections, checked at the handshake. */
  public static class Connections {

    /** Connections open at once on this server; 0 for no cap. Refused with 503. */
    private int maxTotal;

    /** Connections open at once from one client IP; 0 for no cap. Refused with 429. */
    private int maxPerIp;

    /** Connections open at once of one user (authenticated at the handshake); 0 for no cap. Refused with 429. */
    private int maxPerUser;

    /** Retry-After of a refusal by a cap. */
    private Duration retryAfter = Duration.ofSeconds(5);

    public int getMaxTotal() {
      return maxTotal;
    }

    public void setMaxTotal(int maxTotal) {
      this.maxTotal = maxTotal;
    }

    public int getMaxPerIp() {
      return maxPerIp;
    }

    public void setMaxPerIp(int maxPerIp) {
      this.maxPerIp = maxPerIp;
    }

    public int getMaxPerUser() {
      return maxPerUser;
    }

    public void setMaxPerUser(int maxPerUser) {
      this.maxPerUser = maxPerUser;
    }

    public Duration getRetryAfter() {
      return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }

    void validate(Errors errors) {
      requireNotNegative(errors, "connections.max-total", maxTotal);
      requireNotNegative(errors, "connections.max-per-ip", maxPerIp);
      requireNotNegative(errors, "connections.max-per-user", maxPerUser);
      if (retryAfter == null || retryAfter.isNegative()) {
        errors.rejectValue("connections.retry-after", "range", "must not be negative, was " + retryAfter);
      }
    }
  }

  /** Opening handshakes per client IP, refused with 429 and Retry-After past the limit. */
  public static class Handshakes {

    /** Handshakes per second from one IP, on average; 0 for no limit. */
    private int perSecond;

    /** Handshakes at once from one IP; twice per-second when not set. */
    private Integer burst;

    public int getPerSecond() {
      return perSecond;
    }

    public void setPerSecond(int perSecond) {
      this.perSecond = perSecond;
    }

    public Integer getBurst() {
      return burst;
    }

    public void setBurst(Integer burst) {
      this.burst = burst;
    }

    public MessageRate toRate() {
      return MessageRate.of(perSecond, burst);
    }

    void validate(Errors errors) {
      requireNotNegative(errors, "handshakes.per-second", perSecond);
      if (burst != null && burst < 1) {
        errors.rejectValue("handshakes.burst", "range", "must be at least 1, was " + burst);
      }
    }
  }
}
