package dev.duplex.engine.transport;

import dev.duplex.engine.WsConfig;

/**
 * The clocks of one connection: the opening handshake timeout, the close handshake timeout, the idle timeout
 * (no data frame either way) and the heartbeat (a ping after a silent ping interval, answered within the pong
 * timeout). It decides what is due; the connection acts on it. Times are {@link System#nanoTime()} values from the
 * event loop; loop only.
 */
final class Deadlines {

  /** What the heartbeat asks for when the timer fires. */
  enum Heartbeat {
    NOTHING,
    PING_DUE,
    TIMED_OUT
  }

  private final long handshakeTimeout;
  private final long closeTimeout;
  private final long idleTimeout;
  private final long pingInterval;
  private final long pongTimeout;

  private long handshakeDeadline;
  private long closeDeadline;
  private long lastRead;
  private long lastData;
  private long pingSentAt;

  Deadlines(WsConfig config) {
    this.handshakeTimeout = config.handshakeTimeout().toNanos();
    this.closeTimeout = config.closeTimeout().toNanos();
    this.idleTimeout = config.idleTimeout().toNanos();
    this.pingInterval = config.pingInterval().toNanos();
    this.pongTimeout = config.pongTimeout().toNanos();
  }

  /** The connection was registered: the opening handshake must complete within its timeout. */
  void started(long now) {
    lastRead = now;
    handshakeDeadline = now + handshakeTimeout;
  }

  /** The session opened: idle time and heartbeat count from now. */
  void opened(long now) {
    lastRead = now;
    lastData = now;
  }

  /**
   * Bytes arrived.
   *
   * @return true when a ping was outstanding: the next ping is then due a ping interval from now, which may come
   *     before the pong timeout the timer is waiting for
   */
  boolean read(long now) {
    lastRead = now;
    return pingSentAt != 0;
  }

  /** A data frame was received or sent. */
  void data(long now) {
    lastData = now;
  }

  /** Reading resumed after a pause: the peer's silence while it was not read does not count. */
  void readingResumed(long now) {
    lastRead = now;
    pingSentAt = 0;
  }

  /** The close handshake (or the refusal of the opening one) must end within the close timeout from now. */
  void closeBy(long now) {
    closeDeadline = now + closeTimeout;
  }

  boolean closing() {
    return closeDeadline != 0;
  }

  boolean closeExpired(long now) {
    return now - closeDeadline >= 0;
  }

  boolean handshakeExpired(long now) {
    return now - handshakeDeadline >= 0;
  }

  boolean idleExpired(long now) {
    return idleTimeout > 0 && now - lastData >= idleTimeout;
  }

  /**
   * The heartbeat's verdict at {@code now}; after {@link Heartbeat#PING_DUE} the caller sends a ping and calls
   * {@link #pingSent(long)}. The heartbeat rests while reading is paused.
   */
  Heartbeat heartbeat(long now, boolean reading) {
    if (pingInterval <= 0 || !reading) {
      return Heartbeat.NOTHING;
    }
    if (pingSentAt != 0) {
      if (lastRead - pingSentAt >= 0) {
        pingSentAt = 0;
      } else if (now - pingSentAt >= pongTimeout) {
        return Heartbeat.TIMED_OUT;
      }
    }
    return pingSentAt == 0 && now - lastRead >= pingInterval ? Heartbeat.PING_DUE : Heartbeat.NOTHING;
  }

  void pingSent(long now) {
    pingSentAt = now;
  }

  /**
   * The earliest deadline, or {@link Long#MAX_VALUE} for none.
   *
   * @param handshaking whether the opening handshake is still under way
   * @param reading whether the socket is being read (the heartbeat rests while it is not)
   */
  long next(boolean handshaking, boolean reading) {
    if (closeDeadline != 0) {
      return closeDeadline;
    }
    if (handshaking) {
      return handshakeDeadline;
    }
    long deadline = Long.MAX_VALUE;
    if (idleTimeout > 0) {
      deadline = lastData + idleTimeout;
    }
    if (pingInterval > 0 && reading) {
      boolean awaitingPong = pingSentAt != 0 && lastRead - pingSentAt < 0;
      long heartbeat = awaitingPong ? pingSentAt + pongTimeout : lastRead + pingInterval;
      deadline = Math.min(deadline, heartbeat);
    }
    return deadline;
  }
}
