package dev.duplex.spring.metrics;

/**
 * Names and tags of the Duplex meters. The first four names are a fixed contract (DESIGN.md section 8); the
 * others are documented in {@code docs/observability.md} and kept stable too.
 */
public final class DuplexMeterNames {

  /** Gauge: open sessions, by endpoint. */
  public static final String CONNECTIONS_ACTIVE = "duplex.connections.active";
  /** Counter: messages received, by endpoint and type. */
  public static final String MESSAGES_RECEIVED = "duplex.messages.received";
  /** Counter: messages sent, by endpoint and type. */
  public static final String MESSAGES_SENT = "duplex.messages.sent";
  /** Counter: opening handshakes, by endpoint and outcome. */
  public static final String HANDSHAKES = "duplex.handshakes";

  /** Counter: sessions opened, by endpoint. */
  public static final String CONNECTIONS_OPENED = "duplex.connections.opened";
  /** Counter: sessions closed, by endpoint and close code. */
  public static final String CONNECTIONS_CLOSED = "duplex.connections.closed";
  /** Timer: how long sessions were open, by endpoint. */
  public static final String CONNECTIONS_DURATION = "duplex.connections.duration";
  /** Distribution summary: message payload sizes, by endpoint and direction. */
  public static final String MESSAGES_SIZE = "duplex.messages.size";
  /** Timer: handler method calls, by endpoint, kind, type and outcome. */
  public static final String HANDLER = "duplex.handler";
  /** Counter: sessions closed with a code that reports a protocol error, by endpoint and code. */
  public static final String PROTOCOL_ERRORS = "duplex.protocol.errors";
  /** Counter: messages refused by a limit or filter, by endpoint, limit and action ({@code reject}, {@code close}). */
  public static final String LIMIT_REJECTIONS = "duplex.limit.rejections";
  /** Function counter: bytes read and written by the engine, by direction. */
  public static final String BYTES = "duplex.bytes";
  /** Function counter: TCP connections accepted, before any handshake. */
  public static final String TCP_ACCEPTED = "duplex.tcp.accepted";
  /** Function counter: slow-consumer policy actions of the engine, by action. */
  public static final String SLOW_CONSUMER = "duplex.slow.consumer";
  /** Function counter: messages dropped or superseded by their delivery policy, by type. */
  public static final String MESSAGES_DROPPED = "duplex.messages.dropped";
  /** Gauge: bytes queued for sending and not yet written, over every session. */
  public static final String OUTBOUND_QUEUED = "duplex.outbound.queued";
  /** Gauge: sessions whose messages wait for a handler runner (executor dispatch). */
  public static final String DISPATCH_WAITING = "duplex.dispatch.waiting";
  /** Gauge: handler runners running on the executor (executor dispatch). */
  public static final String DISPATCH_RUNNERS = "duplex.dispatch.runners";
  /**
   * Function counter: messages handed to the cluster broker for the other nodes, by outcome ({@code success}, or
   * {@code failure} when the broker could not take them, as during a Redis outage).
   */
  public static final String BROKER_PUBLISHED = "duplex.broker.published";
  /** Function counter: messages received from other nodes through the cluster broker. */
  public static final String BROKER_RECEIVED = "duplex.broker.received";
  /** Gauge: 1 while the cluster broker reaches the other nodes, 0 while it does not. */
  public static final String BROKER_CONNECTED = "duplex.broker.connected";

  /** Tag: the endpoint's path template; {@value #NO_ENDPOINT} for a handshake that matched none. */
  public static final String TAG_ENDPOINT = "endpoint";
  /** Tag: a message type. */
  public static final String TAG_TYPE = "type";
  /** Tag: how a handshake or a handler call ended. */
  public static final String TAG_OUTCOME = "outcome";
  /** Tag: a close code. */
  public static final String TAG_CODE = "code";
  /** Tag: {@code in} or {@code out}. */
  public static final String TAG_DIRECTION = "direction";
  /** Tag: what a handler method handles: {@code open}, {@code message} or {@code close}. */
  public static final String TAG_KIND = "kind";
  /** Tag: the name of a limit. */
  public static final String TAG_LIMIT = "limit";

  /** Tag: what a slow-consumer policy ({@code close}, {@code drop}) or a limit ({@code reject}, {@code close}) did. */
  public static final String TAG_ACTION = "action";

  /** Endpoint tag value of handshakes that matched no endpoint or failed before routing. */
  public static final String NO_ENDPOINT = "none";
  /** Value of a tag once it has as many distinct values as allowed. */
  public static final String OTHER = "other";

  private DuplexMeterNames() {
  }
}
