package dev.duplex.engine;

import dev.duplex.engine.handshake.HandshakeLimits;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.protocol.ProtocolLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timers of a connection, shared by server and client. The defaults are safe for a public server:
 * bounded messages, bounded outbound buffers, a handshake deadline and heartbeats.
 *
 * <p>Immutable; start from {@link #defaults()} or {@link #builder()}.
 */
public final class WsConfig {

  private static final WsConfig DEFAULTS = builder().build();

  private final ProtocolLimits protocolLimits;
  private final HandshakeLimits handshakeLimits;
  private final Duration handshakeTimeout;
  private final Duration idleTimeout;
  private final Duration pingInterval;
  private final Duration pongTimeout;
  private final Duration closeTimeout;
  private final long outboundBufferLimit;
  private final SlowConsumerPolicy slowConsumerPolicy;
  private final DeflateConfig deflate;

  private WsConfig(Builder builder) {
    this.protocolLimits = builder.protocolLimits;
    this.handshakeLimits = builder.handshakeLimits;
    this.handshakeTimeout = builder.handshakeTimeout;
    this.idleTimeout = builder.idleTimeout;
    this.pingInterval = builder.pingInterval;
    this.pongTimeout = builder.pongTimeout;
    this.closeTimeout = builder.closeTimeout;
    this.outboundBufferLimit = builder.outboundBufferLimit;
    this.slowConsumerPolicy = builder.slowConsumerPolicy;
    this.deflate = builder.deflate;
  }

  public static WsConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .protocolLimits(protocolLimits)
        .handshakeLimits(handshakeLimits)
        .handshakeTimeout(handshakeTimeout)
        .idleTimeout(idleTimeout)
        .pingInterval(pingInterval)
        .pongTimeout(pongTimeout)
        .closeTimeout(closeTimeout)
        .outboundBufferLimit(outboundBufferLimit)
        .slowConsumerPolicy(slowConsumerPolicy)
        .deflate(deflate);
  }

  /** Frame and message size limits. Default: 1 MiB each. */
  public ProtocolLimits protocolLimits() {
    return protocolLimits;
  }

  /** Limits of the HTTP request head of the opening handshake. Default: 8 KiB, 100 headers. */
  public HandshakeLimits handshakeLimits() {
    return handshakeLimits;
  }

  /** Time from TCP accept (or connect) to a completed opening handshake. Default: 10 s. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * Time without a data message in either direction after which the session is closed with 1001. Pings and
   * pongs do not count. Default: zero, meaning never: heartbeats find dead peers.
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Time without any bytes from the peer after which a ping is sent. Default: 30 s; zero turns heartbeats off. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /** Time after a heartbeat ping within which the peer must send something, else the session ends with 1006. */
  public Duration pongTimeout() {
    return pongTimeout;
  }

  /** Time after sending a close frame within which the peer must answer before the socket is closed anyway. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Bytes a session may have queued for writing before {@link #slowConsumerPolicy()} applies. Default: 4 MiB. */
  public long outboundBufferLimit() {
    return outboundBufferLimit;
  }

  /** What a send does when the outbound buffer is at its limit. Default: {@link SlowConsumerPolicy#CLOSE}. */
  public SlowConsumerPolicy slowConsumerPolicy() {
    return slowConsumerPolicy;
  }

  /**
   * permessage-deflate (RFC 7692): accepted by a server, offered by a client. Default: on, level 6, messages of
   * 256 bytes and more, server_no_context_takeover.
   */
  public DeflateConfig deflate() {
    return deflate;
  }

  @Override
  public String toString() {
    return "WsConfig[" + protocolLimits + ", " + handshakeLimits + ", handshakeTimeout=" + handshakeTimeout
        + ", idleTimeout=" + idleTimeout + ", pingInterval=" + pingInterval + ", pongTimeout=" + pongTimeout
        + ", closeTimeout=" + closeTimeout + ", outboundBufferLimit=" + outboundBufferLimit
        + ", slowConsumerPolicy=" + slowConsumerPolicy + ", " + deflate + "]";
  }

  /** Builds {@link WsConfig}; see its getters for the defaults. */
  public static final class Builder {

    private ProtocolLimits protocolLimits = ProtocolLimits.defaults();
    private HandshakeLimits handshakeLimits = HandshakeLimits.defaults();
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ZERO;
    private Duration pingInterval = Duration.ofSeconds(30);
    private Duration pongTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private long outboundBufferLimit = 4L << 20;
    private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.CLOSE;
    private DeflateConfig deflate = DeflateConfig.defaults();

    private Builder() {
    }

    public Builder deflate(DeflateConfig config) {
      this.deflate = Objects.requireNonNull(config, "deflate");
      return this;
    }

    public Builder protocolLimits(ProtocolLimits limits) {
      this.protocolLimits = Objects.requireNonNull(limits, "protocolLimits");
      return this;
    }

    public Builder handshakeLimits(HandshakeLimits limits) {
      this.handshakeLimits = Objects.requireNonNull(limits, "handshakeLimits");
      return this;
    }

    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive("handshakeTimeout", timeout);
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = notNegative("idleTimeout", timeout);
      return this;
    }

    public Builder pingInterval(Duration interval) {
      this.pingInterval = notNegative("pingInterval", interval);
      return this;
    }

    public Builder pongTimeout(Duration timeout) {
      this.pongTimeout = positive("pongTimeout", timeout);
      return this;
    }

    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = positive("closeTimeout", timeout);
      return this;
    }

    public Builder outboundBufferLimit(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("outboundBufferLimit must be positive, was " + bytes);
      }
      this.outboundBufferLimit = bytes;
      return this;
    }

    public Builder slowConsumerPolicy(SlowConsumerPolicy policy) {
      this.slowConsumerPolicy = Objects.requireNonNull(policy, "slowConsumerPolicy");
      return this;
    }

    public WsConfig build() {
      return new WsConfig(this);
    }

    private static Duration notNegative(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      if (notNegative(name, value).isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
