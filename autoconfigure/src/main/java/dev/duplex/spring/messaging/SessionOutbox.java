package dev.duplex.spring.messaging;

import dev.duplex.engine.WsSession;
import dev.duplex.spring.observe.EndpointObserver;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies delivery policies in front of a session's outbound buffer. Below half the buffer limit every message
 * goes straight through. Above it, {@link DeliveryPolicy#VOLATILE} messages are dropped and
 * {@link DeliveryPolicy#LATEST} ones wait, one per key, until a write completes and the buffer has room again.
 */
public final class SessionOutbox {

  private final WsSession session;
  private final long pressure;
  private final DeliveryStats stats;
  private final EndpointObserver observer;
  private final Map<String, OutboundMessage> latest = new LinkedHashMap<>();
  private CompletionStage<Void> lastWrite = CompletableFuture.completedFuture(null);
  private boolean drainArmed;

  /**
   * @param outboundBufferLimit the session's outbound buffer limit; policies act above half of it
   */
  public SessionOutbox(WsSession session, long outboundBufferLimit, DeliveryStats stats) {
    this(session, outboundBufferLimit, stats, EndpointObserver.NONE);
  }

  /**
   * @param observer told of every message written (not of those dropped or superseded)
   */
  public SessionOutbox(WsSession session, long outboundBufferLimit, DeliveryStats stats,
      EndpointObserver observer) {
    this.session = session;
    this.pressure = Math.max(1, outboundBufferLimit / 2);
    this.stats = stats;
    this.observer = observer;
  }

  /** Sends or holds back {@code message} according to its policy; the stage fails if it was dropped. */
  public synchronized CompletionStage<Void> send(OutboundMessage message) {
    switch (message.policy()) {
      case RELIABLE:
        return write(message);
      case VOLATILE:
        if (!underPressure()) {
          return write(message);
        }
        stats.recordDrop(message.type());
        return CompletableFuture.failedFuture(new DroppedMessageException(message.type()));
      default:
        if (!underPressure() && latest.isEmpty()) {
          return write(message);
        }
        if (latest.put(message.type() + "\u0000" + message.key(), message) != null) {
          stats.recordDrop(message.type());
        }
        armDrain();
        return CompletableFuture.completedFuture(null);
    }
  }

  /** Records a write made around the policies (a raw send), so that held-back messages queue behind it. */
  public synchronized CompletionStage<Void> track(CompletionStage<Void> write) {
    lastWrite = write;
    return write;
  }

  private boolean underPressure() {
    return session.bufferedAmount() >= pressure;
  }

  private CompletionStage<Void> write(OutboundMessage message) {
    observer.messageSent(message.type() != null ? message.type() : EndpointObserver.RAW, message.frame().size());
    CompletionStage<Void> write = session.send(message.frame());
    lastWrite = write;
    return write;
  }

  private void armDrain() {
    if (drainArmed) {
      return;
    }
    if (lastWrite.toCompletableFuture().isDone()) {
      // The pressure comes from writes that did not pass through here: nothing to wait for, so send now.
      latest.values().forEach(this::write);
      latest.clear();
      return;
    }
    drainArmed = true;
    lastWrite.whenComplete((ignored, error) -> drain());
  }

  private synchronized void drain() {
    drainArmed = false;
    Iterator<OutboundMessage> pending = latest.values().iterator();
    while (pending.hasNext() && session.isOpen() && !underPressure()) {
      write(pending.next());
      pending.remove();
    }
    if (!session.isOpen()) {
      latest.clear();
    } else if (!latest.isEmpty()) {
      armDrain();
    }
  }

  /** Messages held back under {@link DeliveryPolicy#LATEST}, waiting for room. */
  public synchronized int pending() {
    return latest.size();
  }
}
