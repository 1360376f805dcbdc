package dev.duplex.engine.transport;

import dev.duplex.engine.SessionStats;
import java.time.Instant;

/**
 * The traffic of one session. Written on the connection's loop, read by operators without synchronization: a
 * snapshot may be a moment old, which is all that statistics need.
 */
final class SessionCounters {

  private long connectedAt;
  private long messagesReceived;
  private long messagesSent;
  private long bytesReceived;

  void opened() {
    connectedAt = System.currentTimeMillis();
  }

  void messageReceived() {
    messagesReceived++;
  }

  void messageSent() {
    messagesSent++;
  }

  void bytesReceived(long count) {
    bytesReceived += count;
  }

  SessionStats snapshot(long bytesSent) {
    long since = connectedAt;
    return new SessionStats(since == 0 ? null : Instant.ofEpochMilli(since), messagesReceived, messagesSent,
        bytesReceived, bytesSent);
  }
}
