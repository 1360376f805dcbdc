package dev.duplex.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Cluster mode: which broker carries messages between nodes, and how presence and room history behave. The
 * Redis connection itself comes from {@code spring.data.redis.*}. A bad value fails start-up with a message naming
 * the property.
 */
@ConfigurationProperties("duplex.cluster")
public class DuplexClusterProperties implements Validator {

  private static final String PREFIX = "duplex.cluster.";

  /** Broker that carries room, user and global messages to the other nodes. */
  private Broker broker = Broker.LOCAL;

  /** Id of this node in the cluster; a new one is made at each start when not set. */
  private String nodeId;

  private final Presence presence = new Presence();
  private final History history = new History();
  private final Redis redis = new Redis();

  public enum Broker {
    /** In memory: one node, no other node to reach. */
    LOCAL,
    /** Redis pub/sub, hashes and streams, through Lettuce. */
    REDIS
  }

  public Broker getBroker() {
    return broker;
  }

  public void setBroker(Broker broker) {
    this.broker = broker;
  }

  public String getNodeId() {
    return nodeId;
  }

  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  public Presence getPresence() {
    return presence;
  }

  public History getHistory() {
    return history;
  }

  public Redis getRedis() {
    return redis;
  }

  @Override
  public boolean supports(Class<?> type) {
    return DuplexClusterProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    DuplexClusterProperties properties = (DuplexClusterProperties) target;
    Presence presence = properties.presence;
    if (!positive(presence.heartbeatInterval)) {
      errors.rejectValue("presence.heartbeatInterval", "positive",
          PREFIX + "presence.heartbeat-interval must be positive, was " + presence.heartbeatInterval);
    } else if (presence.nodeTtl.compareTo(presence.heartbeatInterval) <= 0) {
      errors.rejectValue("presence.nodeTtl", "longer",
          PREFIX + "presence.node-ttl (" + presence.nodeTtl + ") must be longer than "
              + PREFIX + "presence.heartbeat-interval (" + presence.heartbeatInterval + ")");
    }
    History history = properties.history;
    if (history.maxLength < 1) {
      errors.rejectValue("history.maxLength", "positive",
          PREFIX + "history.max-length must be at least 1, was " + history.maxLength);
    }
    if (!positive(history.maxAge)) {
      errors.rejectValue("history.maxAge", "positive",
          PREFIX + "history.max-age must be positive, was " + history.maxAge);
    }
    if (properties.redis.keyPrefix == null || properties.redis.keyPrefix.isBlank()) {
      errors.rejectValue("redis.keyPrefix", "blank", PREFIX + "redis.key-prefix must not be blank");
    }
  }

  private static boolean positive(Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  /** Who is in which room, across nodes. */
  public static class Presence {

    /** Whether sessions entering and leaving rooms are recorded, so WsPresence can tell who is in a room. */
    private boolean enabled = true;

    /** Whether room members receive presence.join and presence.leave envelopes. */
    private boolean events = false;

    /** How often a node renews its heartbeat and looks for dead nodes. */
    private Duration heartbeatInterval = Duration.ofSeconds(2);

    /**
     * How long a node may stay silent before it is taken for dead and its sessions leave presence; they do so
     * at most node-ttl plus heartbeat-interval after its last heartbeat.
     */
    private Duration nodeTtl = Duration.ofSeconds(6);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isEvents() {
      return events;
    }

    public void setEvents(boolean events) {
      this.events = events;
    }

    public Duration getHeartbeatInterval() {
      return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getNodeTtl() {
      return nodeTtl;
    }

    public void setNodeTtl(Duration nodeTtl) {
      this.nodeTtl = nodeTtl;
    }
  }

  /** Room history, for resume after a reconnect. */
  public static class History {

    /** Whether envelopes sent to rooms are recorded with an offset, so a client can resume a room. */
    private boolean enabled = false;

    /** Most messages kept per room. */
    private int maxLength = 1000;

    /** Age after which a message leaves the history. */
    private Duration maxAge = Duration.ofMinutes(10);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getMaxLength() {
      return maxLength;
    }

    public void setMaxLength(int maxLength) {
      this.maxLength = maxLength;
    }

    public Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  /** The Redis broker; the connection is spring.data.redis.*. */
  public static class Redis {

    /** Prefix of every Redis key and channel, so that several clusters can share a Redis. */
    private String keyPrefix = "duplex";

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }
  }
}
