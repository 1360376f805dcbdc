package dev.duplex.engine.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a server or client since it started, cheap to update from every event loop. Metrics bindings read
 * them; they are also what tests check to prove that a policy acted.
 */
public final class TransportStats {

  private final LongAdder connectionsAccepted = new LongAdder();
  private final LongAdder handshakesAccepted = new LongAdder();
  private final Map<Integer, LongAdder> handshakesRefused = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
  private final LongAdder slowConsumerCloses = new LongAdder();
  private final LongAdder slowConsumerDrops = new LongAdder();
  private final LongAdder activeSessions = new LongAdder();
  private final LongAdder tlsHandshakeFailures = new LongAdder();
  private final LongAdder handshakesInvalid = new LongAdder();
  private final LongAdder handshakeTimeouts = new LongAdder();
  private final LongAdder handshakeHandlerFailures = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();

  void connectionAccepted() {
    connectionsAccepted.increment();
  }

  void handshakeAccepted() {
    handshakesAccepted.increment();
    activeSessions.increment();
  }

  void handshakeRefused(int status) {
    handshakesRefused.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  void sessionClosed(int code) {
    activeSessions.decrement();
    closes.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  void tlsHandshakeFailed() {
    tlsHandshakeFailures.increment();
  }

  void handshakeInvalid() {
    handshakesInvalid.increment();
  }

  void handshakeTimedOut() {
    handshakeTimeouts.increment();
  }

  void handshakeHandlerFailed() {
    handshakeHandlerFailures.increment();
  }

  void bytesReceived(long count) {
    bytesReceived.add(count);
  }

  void bytesSent(long count) {
    bytesSent.add(count);
  }

  void slowConsumerClosed() {
    slowConsumerCloses.increment();
  }

  void slowConsumerDropped() {
    slowConsumerDrops.increment();
  }

  /** TCP connections accepted, before any handshake. */
  public long connectionsAccepted() {
    return connectionsAccepted.sum();
  }

  /** Handshakes that became sessions. */
  public long handshakesAccepted() {
    return handshakesAccepted.sum();
  }

  /** Refused handshakes by HTTP status. */
  public Map<Integer, Long> handshakesRefused() {
    return snapshot(handshakesRefused);
  }

  /** Ended sessions by the close code reported to their listener. */
  public Map<Integer, Long> closes() {
    return snapshot(closes);
  }

  public long slowConsumerCloses() {
    return slowConsumerCloses.sum();
  }

  public long slowConsumerDrops() {
    return slowConsumerDrops.sum();
  }

  /** TLS handshakes that failed: bad certificates, no common protocol or cipher, plain HTTP on a TLS port. */
  public long tlsHandshakeFailures() {
    return tlsHandshakeFailures.sum();
  }

  /**
   * Handshakes the engine refused before asking the handler: not a valid WebSocket request (syntax, method,
   * version, missing headers) or over the handshake limits. Counted in {@link #handshakesRefused()} too.
   */
  public long handshakesInvalid() {
    return handshakesInvalid.sum();
  }

  /** Opening handshakes that did not complete within the handshake timeout (refused with 408). */
  public long handshakeTimeouts() {
    return handshakeTimeouts.sum();
  }

  /** Handshakes refused with 500 because the handshake handler threw. */
  public long handshakeHandlerFailures() {
    return handshakeHandlerFailures.sum();
  }

  /** Bytes read from connections, handshakes and frame headers included, after TLS decryption. */
  public long bytesReceived() {
    return bytesReceived.sum();
  }

  /** Bytes written to connections, handshakes and frame headers included, before TLS encryption. */
  public long bytesSent() {
    return bytesSent.sum();
  }

  public long activeSessions() {
    return activeSessions.sum();
  }

  private static Map<Integer, Long> snapshot(Map<Integer, LongAdder> counters) {
    Map<Integer, Long> copy = new TreeMap<>();
    counters.forEach((key, adder) -> copy.put(key, adder.sum()));
    return copy;
  }

  @Override
  public String toString() {
    return "TransportStats[accepted=" + connectionsAccepted() + ", sessions=" + handshakesAccepted() + ", active="
        + activeSessions() + ", refused=" + handshakesRefused() + ", closes=" + closes() + ", slowConsumer="
        + slowConsumerCloses() + " closed/" + slowConsumerDrops() + " dropped]";
  }
}
