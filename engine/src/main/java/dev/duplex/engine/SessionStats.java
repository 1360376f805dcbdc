package dev.duplex.engine;

import java.time.Instant;

/**
 * What one session has done so far, for operators: a snapshot taken without stopping the session, so the
 * counters of a busy session may lag by a message or two.
 *
 * @param connectedAt when the opening handshake completed; {@code null} when the implementation does not know
 * @param messagesReceived data messages received (text and binary, a fragmented message once)
 * @param messagesSent data messages queued for sending
 * @param bytesReceived bytes read from the connection, handshake and frame headers included, after TLS
 * @param bytesSent bytes written to the connection, handshake and frame headers included, before TLS
 */
public record SessionStats(Instant connectedAt, long messagesReceived, long messagesSent, long bytesReceived,
    long bytesSent) {

  /** A session that does not count. */
  public static final SessionStats UNKNOWN = new SessionStats(null, 0, 0, 0, 0);
}
