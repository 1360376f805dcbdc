package dev.duplex.spring.autoconfigure;

import dev.duplex.engine.SlowConsumerPolicy;
import dev.duplex.spring.dispatch.DispatchMode;
import dev.duplex.spring.handshake.TrustedProxies;
import dev.duplex.spring.messaging.DeliveryPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the Duplex WebSocket server. Defaults are safe for a public server: bounded messages and
 * outbound buffers, a handshake deadline, heartbeats on.
 *
 * <p>Each value is checked at start-up; a bad one fails it with a message naming the property.
 */
@ConfigurationProperties("duplex")
public class DuplexProperties implements Validator {

  private static final long MAX_INT_BYTES = Integer.MAX_VALUE;

  private final Server server = new Server();
  private final Limits limits = new Limits();
  private final Heartbeat heartbeat = new Heartbeat();
  private final Outbound outbound = new Outbound();
  private final Dispatch dispatch = new Dispatch();
  private final Shutdown shutdown = new Shutdown();
  private final Delivery delivery = new Delivery();
  private final Compression compression = new Compression();

  /**
   * Origins that may open sessions: exact origins (https://app.example.com), host patterns
   * (https://*.example.com), port patterns (http://localhost:*), 'null' or '*'. When not set, only pages of the
   * server's own host may; requests without Origin are governed by duplex.security.origin.allow-missing.
   */
  private List<String> allowedOrigins;

  public Server getServer() {
    return server;
  }

  public Limits getLimits() {
    return limits;
  }

  public Heartbeat getHeartbeat() {
    return heartbeat;
  }

  public Outbound getOutbound() {
    return outbound;
  }

  public Dispatch getDispatch() {
    return dispatch;
  }

  public Shutdown getShutdown() {
    return shutdown;
  }

  public Delivery getDelivery() {
    return delivery;
  }

  public Compression getCompression() {
    return compression;
  }

  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public void setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
  }

  @Override
  public boolean supports(Class<?> type) {
    return DuplexProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    DuplexProperties properties = (DuplexProperties) target;
    properties.server.validate(errors);
    properties.limits.validate(errors);
    properties.heartbeat.validate(errors);
    properties.outbound.validate(errors);
    properties.dispatch.validate(errors);
    properties.shutdown.validate(errors);
    properties.compression.validate(errors);
  }

  private static void requireRange(Errors errors, String field, long value, long min, long max) {
    if (value < min || value > max) {
      errors.rejectValue(field, "range", "must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void requireSize(Errors errors, String field, DataSize size, long min) {
    if (size == null) {
      errors.rejectValue(field, "required", "must be set");
    } else if (size.toBytes() < min || size.toBytes() > MAX_INT_BYTES) {
      errors.rejectValue(field, "range", "must be between " + min + " bytes and 2GB, was " + size);
    }
  }

  private static void requirePositive(Errors errors, String field, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      errors.rejectValue(field, "positive", "must be positive, was " + duration);
    }
  }

  private static void requireNotNegative(Errors errors, String field, Duration duration) {
    if (duration == null || duration.isNegative()) {
      errors.rejectValue(field, "notNegative", "must not be negative, was " + duration);
    }
  }

  /** Where the WebSocket server listens. */
  public static class Server {

    /** Port of the WebSocket server; 0 picks a free port. */
    private int port = 8081;

    /** Address to bind; every interface when not set. */
    private InetAddress address;

    /** Number of I/O event loops; the number of available processors when not set. */
    private Integer ioThreads;

    /** Length of the queue of connections waiting to be accepted. */
    private int backlog = 1024;

    /**
     * Proxies (addresses or CIDR blocks) whose Forwarded and X-Forwarded-For headers name the client; none by
     * default, so the client is always the TCP peer.
     */
    private List<String> trustedProxies = new ArrayList<>();

    private final Ssl ssl = new Ssl();

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public InetAddress getAddress() {
      return address;
    }

    public void setAddress(InetAddress address) {
      this.address = address;
    }

    public Integer getIoThreads() {
      return ioThreads;
    }

    public void setIoThreads(Integer ioThreads) {
      this.ioThreads = ioThreads;
    }

    public int getBacklog() {
      return backlog;
    }

    public void setBacklog(int backlog) {
      this.backlog = backlog;
    }

    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = trustedProxies;
    }

    /** {@link #getTrustedProxies()} parsed; valid once validation passed. */
    public TrustedProxies trustedProxies() {
      return TrustedProxies.of(trustedProxies);
    }

    public Ssl getSsl() {
      return ssl;
    }

    void validate(Errors errors) {
      requireRange(errors, "server.port", port, 0, 65535);
      if (ioThreads != null) {
        requireRange(errors, "server.io-threads", ioThreads, 1, 1024);
      }
      requireRange(errors, "server.backlog", backlog, 1, 65535);
      try {
        TrustedProxies.of(trustedProxies);
      } catch (IllegalArgumentException e) {
        errors.rejectValue("server.trusted-proxies", "address", e.getMessage());
      }
    }
  }

  /** TLS of the WebSocket server (wss://), from a Spring Boot SSL bundle. */
  public static class Ssl {

    /** Name of the SSL bundle (spring.ssl.bundle.*) that holds the server's key and certificate. */
    private String bundle;

    /** Whether clients must (need), may (want) or are not asked to (none) present a certificate. */
    private ClientAuth clientAuth = ClientAuth.NONE;

    public String getBundle() {
      return bundle;
    }

    public void setBundle(String bundle) {
      this.bundle = bundle;
    }

    public ClientAuth getClientAuth() {
      return clientAuth;
    }

    public void setClientAuth(ClientAuth clientAuth) {
      this.clientAuth = clientAuth;
    }

    /** Client certificate authentication. */
    public enum ClientAuth {
      NONE,
      WANT,
      NEED
    }
  }

  /** permessage-deflate (RFC 7692), negotiated with clients that offer it, which browsers do. */
  public static class Compression {

    /** Whether to accept permessage-deflate when a client offers it. */
    private boolean enabled = true;

    /** zlib compression level, 0 (none) to 9 (smallest). */
    private int level = 6;

    /** Messages smaller than this are sent uncompressed. */
    private DataSize threshold = DataSize.ofBytes(256);

    /**
     * Whether to compress every outgoing message on its own (server_no_context_takeover): a broadcast is then
     * compressed once for all recipients and no compressor is kept per session, for a slightly lower ratio.
     */
    private boolean serverNoContextTakeover = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getLevel() {
      return level;
    }

    public void setLevel(int level) {
      this.level = level;
    }

    public DataSize getThreshold() {
      return threshold;
    }

    public void setThreshold(DataSize threshold) {
      this.threshold = threshold;
    }

    public boolean isServerNoContextTakeover() {
      return serverNoContextTakeover;
    }

    public void setServerNoContextTakeover(boolean serverNoContextTakeover) {
      this.serverNoContextTakeover = serverNoContextTakeover;
    }

    void validate(Errors errors) {
      requireRange(errors, "compression.level", level, 0, 9);
      requireSize(errors, "compression.threshold", threshold, 0);
    }
  }

  /** Sizes and deadlines that bound what a peer can make the server hold. */
  public static class Limits {

    /** Largest message accepted, summed over its fragments; a larger one closes the session with 1009. */
    private DataSize maxMessageSize = DataSize.ofMegabytes(1);

    /** Largest frame payload accepted; the max message size when not set. */
    private DataSize maxFrameSize;

    /** Largest opening handshake request head; a larger one is refused with 431. */
    private DataSize maxHandshakeSize = DataSize.ofKilobytes(8);

    /** Most header fields in the opening handshake request; more are refused with 431. */
    private int maxHandshakeHeaders = 100;

    /** Time from TCP accept to a completed opening handshake; slower clients get 408. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /** Time without a data message in either direction before the session is closed with 1001; 0 means never. */
    private Duration idleTimeout = Duration.ZERO;

    /** Time a peer has to answer a close frame before the connection is dropped. */
    private Duration closeTimeout = Duration.ofSeconds(5);

    public DataSize getMaxMessageSize() {
      return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
    }

    public DataSize getMaxFrameSize() {
      return maxFrameSize;
    }

    public void setMaxFrameSize(DataSize maxFrameSize) {
      this.maxFrameSize = maxFrameSize;
    }

    public DataSize getMaxHandshakeSize() {
      return maxHandshakeSize;
    }

    public void setMaxHandshakeSize(DataSize maxHandshakeSize) {
      this.maxHandshakeSize = maxHandshakeSize;
    }

    public int getMaxHandshakeHeaders() {
      return maxHandshakeHeaders;
    }

    public void setMaxHandshakeHeaders(int maxHandshakeHeaders) {
      this.maxHandshakeHeaders = maxHandshakeHeaders;
    }

    public Duration getHandshakeTimeout() {
      return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    public Duration getCloseTimeout() {
      return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
    }

    /** The frame limit in force: the configured one, else the message limit. */
    public DataSize effectiveMaxFrameSize() {
      return maxFrameSize != null ? maxFrameSize : maxMessageSize;
    }

    void validate(Errors errors) {
      requireSize(errors, "limits.max-message-size", maxMessageSize, 125);
      if (maxFrameSize != null) {
        requireSize(errors, "limits.max-frame-size", maxFrameSize, 125);
      }
      requireSize(errors, "limits.max-handshake-size", maxHandshakeSize, 256);
      requireRange(errors, "limits.max-handshake-headers", maxHandshakeHeaders, 1, 10_000);
      requirePositive(errors, "limits.handshake-timeout", handshakeTimeout);
      requireNotNegative(errors, "limits.idle-timeout", idleTimeout);
      requirePositive(errors, "limits.close-timeout", closeTimeout);
    }
  }

  /** Pings that find peers that vanished without closing. */
  public static class Heartbeat {

    /** Time without any bytes from a peer after which it is pinged; 0 turns heartbeats off. */
    private Duration pingInterval = Duration.ofSeconds(30);

    /** Time a pinged peer has to send something before the connection is dropped (reported as 1006). */
    private Duration pongTimeout = Duration.ofSeconds(10);

    public Duration getPingInterval() {
      return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
    }

    public Duration getPongTimeout() {
      return pongTimeout;
    }

    public void setPongTimeout(Duration pongTimeout) {
      this.pongTimeout = pongTimeout;
    }

    void validate(Errors errors) {
      requireNotNegative(errors, "heartbeat.ping-interval", pingInterval);
      requirePositive(errors, "heartbeat.pong-timeout", pongTimeout);
    }
  }

  /** What the server keeps for a peer that reads more slowly than it is sent to. */
  public static class Outbound {

    /** Bytes a session may have queued for sending before the slow-consumer policy applies. */
    private DataSize bufferLimit = DataSize.ofMegabytes(4);

    /** What a send does when the session's outbound buffer is full: close the session with 1008, or drop. */
    private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.CLOSE;

    public DataSize getBufferLimit() {
      return bufferLimit;
    }

    public void setBufferLimit(DataSize bufferLimit) {
      this.bufferLimit = bufferLimit;
    }

    public SlowConsumerPolicy getSlowConsumerPolicy() {
      return slowConsumerPolicy;
    }

    public void setSlowConsumerPolicy(SlowConsumerPolicy slowConsumerPolicy) {
      this.slowConsumerPolicy = slowConsumerPolicy;
    }

    void validate(Errors errors) {
      if (bufferLimit == null || bufferLimit.toBytes() < 1) {
        errors.rejectValue("outbound.buffer-limit", "positive", "must be positive, was " + bufferLimit);
      }
      if (slowConsumerPolicy == null) {
        errors.rejectValue("outbound.slow-consumer-policy", "required", "must be set");
      }
    }
  }

  /** Where handler methods run. */
  public static class Dispatch {

    /**
     * Run handlers on an executor with per-session ordering, or directly on the I/O loop (non-blocking only). An
     * endpoint annotated {@code @WsDispatch} chooses for itself.
     */
    private DispatchMode mode = DispatchMode.EXECUTOR;

    /** Platform threads of the handler executor when virtual threads are off; twice the processors when not set. */
    private Integer threads;

    /** Messages a session may have waiting for its handlers before its socket stops being read. */
    private int maxPending = 64;

    public DispatchMode getMode() {
      return mode;
    }

    public void setMode(DispatchMode mode) {
      this.mode = mode;
    }

    public Integer getThreads() {
      return threads;
    }

    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    public int getMaxPending() {
      return maxPending;
    }

    public void setMaxPending(int maxPending) {
      this.maxPending = maxPending;
    }

    void validate(Errors errors) {
      if (mode == null) {
        errors.rejectValue("dispatch.mode", "required", "must be set");
      }
      if (threads != null) {
        requireRange(errors, "dispatch.threads", threads, 1, 10_000);
      }
      requireRange(errors, "dispatch.max-pending", maxPending, 2, 1_000_000);
    }
  }

  /** How sessions are ended when the application stops. */
  public static class Shutdown {

    /** Time to close every session gracefully before the rest are dropped. */
    private Duration timeout = Duration.ofSeconds(30);

    /** Close code sent to sessions: going-away (1001) or service-restart (1012). */
    private ShutdownCloseCode closeCode = ShutdownCloseCode.GOING_AWAY;

    /** Sessions closed at once; batches spread the reconnections that follow. */
    private int batchSize = 500;

    /** Pause between two batches. */
    private Duration batchInterval = Duration.ofMillis(100);

    /** Smallest reconnect delay suggested to a client in the close reason. */
    private Duration reconnectDelayMin = Duration.ofSeconds(1);

    /** Largest reconnect delay suggested to a client in the close reason. */
    private Duration reconnectDelayMax = Duration.ofSeconds(10);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public ShutdownCloseCode getCloseCode() {
      return closeCode;
    }

    public void setCloseCode(ShutdownCloseCode closeCode) {
      this.closeCode = closeCode;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public Duration getBatchInterval() {
      return batchInterval;
    }

    public void setBatchInterval(Duration batchInterval) {
      this.batchInterval = batchInterval;
    }

    public Duration getReconnectDelayMin() {
      return reconnectDelayMin;
    }

    public void setReconnectDelayMin(Duration reconnectDelayMin) {
      this.reconnectDelayMin = reconnectDelayMin;
    }

    public Duration getReconnectDelayMax() {
      return reconnectDelayMax;
    }

    public void setReconnectDelayMax(Duration reconnectDelayMax) {
      this.reconnectDelayMax = reconnectDelayMax;
    }

    void validate(Errors errors) {
      requirePositive(errors, "shutdown.timeout", timeout);
      if (closeCode == null) {
        errors.rejectValue("shutdown.close-code", "required", "must be set");
      }
      requireRange(errors, "shutdown.batch-size", batchSize, 1, Integer.MAX_VALUE);
      requireNotNegative(errors, "shutdown.batch-interval", batchInterval);
      requireNotNegative(errors, "shutdown.reconnect-delay-min", reconnectDelayMin);
      requireNotNegative(errors, "shutdown.reconnect-delay-max", reconnectDelayMax);
      if (reconnectDelayMin != null && reconnectDelayMax != null && reconnectDelayMin.compareTo(reconnectDelayMax) > 0) {
        errors.rejectValue("shutdown.reconnect-delay-max", "order",
            "must not be less than shutdown.reconnect-delay-min (" + reconnectDelayMin + "), was " + reconnectDelayMax);
      }
    }
  }

  /** Delivery policies of message types sent to sessions that lag behind. */
  public static class Delivery {

    /** Policy per envelope type (reliable, volatile or latest); types not listed are reliable. */
    private Map<String, DeliveryPolicy> policies = new LinkedHashMap<>();

    public Map<String, DeliveryPolicy> getPolicies() {
      return policies;
    }

    public void setPolicies(Map<String, DeliveryPolicy> policies) {
      this.policies = policies;
    }
  }

  /** The close code sent to sessions at shutdown. */
  public enum ShutdownCloseCode {
    /** 1001: the server is going away. */
    GOING_AWAY(1001),
    /** 1012: the server is restarting; clients should reconnect. */
    SERVICE_RESTART(1012);

    private final int code;

    ShutdownCloseCode(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }
}
