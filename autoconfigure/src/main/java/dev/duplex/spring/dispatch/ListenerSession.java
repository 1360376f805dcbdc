package dev.duplex.spring.dispatch;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.observe.EndpointObserver;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One session of an endpoint bean that is an engine {@link WsListener}: every event goes to the bean unchanged;
 * opening and closing are also logged and reported to the endpoint's observer, as for annotated endpoints.
 * Messages are not looked at, so that this stays the engine's fast path.
 */
final class ListenerSession implements WsListener {

  private static final Logger log = LoggerFactory.getLogger(ListenerSession.class);

  private final String endpoint;
  private final WsListener delegate;
  private final EndpointObserver observer;
  private long openedAt;

  ListenerSession(String endpoint, WsListener delegate, EndpointObserver observer) {
    this.endpoint = endpoint;
    this.delegate = delegate;
    this.observer = observer;
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
    delegate.onTextBytes(session, utf8);
  }

  @Override
  public void onBinary(WsSession session, ByteBuffer data) {
    delegate.onBinary(session, data);
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
  public void onClose(WsSession session, CloseStatus status) {
    try {
      delegate.onClose(session, status);
    } finally {
      observer.sessionClosed(session, status, System.nanoTime() - openedAt);
      if (log.isDebugEnabled()) {
        withMdc(session, () -> log.debug("session {} on {} closed: {} {}", session.id(), endpoint, status.code(),
            status.reason()));
      }
    }
  }

  @Override
  public void onError(WsSession session, Throwable error) {
    delegate.onError(session, error);
  }

  private void withMdc(WsSession session, Runnable logging) {
    MDC.put(EndpointSession.MDC_SESSION, session.id());
    MDC.put(EndpointSession.MDC_ENDPOINT, endpoint);
    try {
      logging.run();
    } finally {
      MDC.remove(EndpointSession.MDC_SESSION);
      MDC.remove(EndpointSession.MDC_ENDPOINT);
    }
  }

  @Override
  public String toString() {
    return "ListenerSession[" + endpoint + ", " + delegate + "]";
  }
}
