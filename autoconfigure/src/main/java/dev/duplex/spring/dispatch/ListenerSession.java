package dev.duplex.spring.dispatch;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.filter.WsInboundMessage;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.observe.EndpointObserver;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One session of an endpoint bean that is an engine {@link WsListener}: every event goes to the bean unchanged;
 * opening and closing are also logged and reported to the endpoint's observer, as for annotated endpoints.
 * Messages are not looked at unless {@link InboundFilters} apply to the endpoint; then each passes them first, on
 * the I/O thread, and a rejection is answered with an {@code error} envelope.
 */
final class ListenerSession implements WsListener {

  private static final Logger log = LoggerFactory.getLogger(ListenerSession.class);

  private final String endpoint;
  private final WsListener delegate;
  private final EndpointObserver observer;
  private final InboundFilters filters;
  private final EnvelopeCodec codec;
  private final Runnable onEnd;
  private long openedAt;

  /**
   * @param codec encodes the error envelopes of rejected messages
   * @param onEnd runs when the session ends, after the bean heard of it
   */
  ListenerSession(String endpoint, WsListener delegate, EndpointObserver observer, InboundFilters filters,
      EnvelopeCodec codec, Runnable onEnd) {
    this.endpoint = endpoint;
    this.delegate = delegate;
    this.observer = observer;
    this.filters = filters;
    this.codec = codec;
    this.onEnd = onEnd;
  }

  @Override
  public void onOpen(WsSession session) {
    openedAt = System.nanoTime();
    observer.sessionOpened(session);
    if (log.isDebugEnabled()) {
      withMdc(session, () -> log.debug("session {} opened on {} from {}", session.id(), endpoint,
          session.remoteAddress()));
    }
    delegate.onOpen(session);
  }

  @Override
  public void onTextBytes(WsSession session, ByteBuffer utf8) {
    if (filters.isEmpty() || admit(session, WsInboundMessage.Kind.TEXT, utf8.remaining())) {
      delegate.onTextBytes(session, utf8);
    }
  }

  @Override
  public void onBinary(WsSession session, ByteBuffer data) {
    if (filters.isEmpty() || admit(session, WsInboundMessage.Kind.BINARY, data.remaining())) {
      delegate.onBinary(session, data);
    }
  }

  private boolean admit(WsSession session, WsInboundMessage.Kind kind, int size) {
    return filters.admit(new WsInboundMessage(endpoint, session, kind, null, null, size), observer, reply -> {
      String json = codec.encodeError(null, reply);
      observer.messageSent(EndpointObserver.ERROR, json.length());
      session.sendText(json);
    });
  }

  @Override
  public void onPing(WsSession session, ByteBuffer payload) {
    delegate.onPing(session, payload);
  }

  @Override
  public void onPong(WsSession session, ByteBuffer payload) {
    delegate.onPong(session, payload);
  }

  @Override
  public void onReadComplete(WsSession session) {
    delegate.onReadComplete(session);
  }

  @Override
  public void onClose(WsSession session, CloseStatus status) {
    try {
      delegate.onClose(session, status);
    } finally {
      observer.sessionClosed(session, status, System.nanoTime() - openedAt);
      if (log.isDebugEnabled()) {
        withMdc(session, () -> log.debug("session {} on {} closed: {} {}", session.id(), endpoint, status.code(),
            status.reason()));
      }
      onEnd.run();
    }
  }

  @Override
  public void onError(WsSession session, Throwable error) {
    delegate.onError(session, error);
  }

  private void withMdc(WsSession session, Runnable logging) {
    MDC.put(SessionMdc.SESSION, session.id());
    MDC.put(SessionMdc.ENDPOINT, endpoint);
    try {
      logging.run();
    } finally {
      MDC.remove(SessionMdc.SESSION);
      MDC.remove(SessionMdc.ENDPOINT);
    }
  }

  @Override
  public String toString() {
    return "ListenerSession[" + endpoint + ", " + delegate + "]";
  }
}
