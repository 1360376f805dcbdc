package dev.duplex.spring.dispatch;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.filter.WsInboundMessage;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.messaging.Envelope;
import dev.duplex.spring.messaging.EnvelopeException;
import dev.duplex.spring.messaging.SessionOutbox;
import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.observe.EndpointObserver;
import dev.duplex.spring.resolve.WsInvocation;
import dev.duplex.spring.session.DefaultDuplexSession;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine listener of one session of an annotated endpoint: it decodes envelopes, routes them to handler
 * methods in the session's order, and answers with replies or errors. Text that is not a valid envelope, an
 * unknown type or a failed handler gets an {@code error} envelope and the session stays open; a kind of frame the
 * endpoint has no handler for ends the session with 1003.
 *
 * <p>Every message passes the endpoint's {@link InboundFilters} first, in the session's order and after its
 * envelope was decoded, so that filters see the type.
 *
 * <p>Handshakes, sessions and messages are reported to the endpoint's {@link EndpointObserver}; handler calls
 * and the opening and closing of the session run with the session id, endpoint and user in the logging MDC.
 */
final class EndpointSession implements WsListener {

  private static final Logger log = LoggerFactory.getLogger(EndpointSession.class);

  private final EndpointDefinition endpoint;
  private final Map<String, String> pathVariables;
  private final SessionServices services;
  private final Responder responder;
  private final EndpointObserver observer;
  private final InboundFilters filters;
  private final Runnable onEnd;
  private DefaultDuplexSession session;
  private SessionTasks tasks;
  private long openedAt;

  /**
   * @param onEnd runs when the session ends, after the endpoint heard of it
   */
  EndpointSession(EndpointDefinition endpoint, Map<String, String> pathVariables, SessionServices services,
      Responder responder, EndpointObserver observer, InboundFilters filters, Runnable onEnd) {
    this.endpoint = endpoint;
    this.pathVariables = pathVariables;
    this.services = services;
    this.responder = responder;
    this.observer = observer;
    this.filters = filters;
    this.onEnd = onEnd;
  }

  @Override
  public void onOpen(WsSession engineSession) {
    session = new DefaultDuplexSession(engineSession, endpoint.path().toString(), pathVariables, services.registry(),
        services.codec(), services.policies(),
        new SessionOutbox(engineSession, services.outboundBufferLimit(), services.deliveryStats(), observer),
        observer);
    Object principal = engineSession.attributes().get(WsHandshakeContext.PRINCIPAL_ATTRIBUTE);
    if (principal instanceof Principal user) {
      session.setPrincipal(user);
    }
    session.register();
    openedAt = System.nanoTime();
    observer.sessionOpened(session);
    if (log.isDebugEnabled()) {
      withMdc(() -> log.debug("session {} opened on {} from {}", session.id(), endpoint.path(),
          session.remoteAddress()));
    }
    tasks = new SessionTasks(engineSession, services.dispatcherFor(endpoint.dispatch()), services.maxPending(),
        new SessionMdc(session));
    if (endpoint.open() != null) {
      WsInvocation invocation = WsInvocation.open(session);
      tasks.submit(() -> call(endpoint.open(), invocation, null, this::openFailed));
      tasks.endBatch();
    }
  }

  private void openFailed(Throwable error) {
    if (error instanceof WsException refused) {
      session.close(CloseStatus.truncating(CloseStatus.POLICY_VIOLATION, refused.reply().message()));
    } else {
      log.error("{} failed on session {}", endpoint.open(), session.id(), error);
      session.close(CloseStatus.of(CloseStatus.INTERNAL_ERROR, "internal error"));
    }
  }


  @Override
  public void onTextBytes(WsSession engineSession, ByteBuffer utf8) {
    if (endpoint.takesEnvelopes()) {
      int size = utf8.remaining();
      tasks.submit(() -> handleEnvelope(ReceivedText.decode(utf8), size));
    } else if (endpoint.rawText() != null) {
      observer.messageReceived(EndpointObserver.RAW, utf8.remaining());
      int size = utf8.remaining();
      tasks.submit(() -> {
        WsInvocation invocation = WsInvocation.text(session, ReceivedText.decode(utf8));
        if (admit(invocation, WsInboundMessage.Kind.TEXT, null, size)) {
          call(endpoint.rawText(), invocation, value -> responder.rawReply(endpoint, invocation, value),
              error -> responder.fail(endpoint, invocation, error));
        }
      });
    } else {
      observer.messageReceived(EndpointObserver.OTHER, utf8.remaining());
      engineSession.close(CloseStatus.of(CloseStatus.UNSUPPORTED_DATA, "text messages are not accepted"));
    }
  }

  @Override
  public void onBinary(WsSession engineSession, ByteBuffer data) {
    if (endpoint.rawBinary() != null) {
      observer.messageReceived(EndpointObserver.RAW, data.remaining());
      int size = data.remaining();
      tasks.submit(() -> {
        WsInvocation invocation = WsInvocation.binary(session, data);
        if (admit(invocation, WsInboundMessage.Kind.BINARY, null, size)) {
          call(endpoint.rawBinary(), invocation, value -> responder.rawReply(endpoint, invocation, value),
              error -> responder.fail(endpoint, invocation, error));
        }
      });
    } else {
      observer.messageReceived(EndpointObserver.OTHER, data.remaining());
      engineSession.close(CloseStatus.of(CloseStatus.UNSUPPORTED_DATA, "binary messages are not accepted"));
    }
  }

  @Override
  public void onClose(WsSession engineSession, CloseStatus status) {
    if (session == null) {
      onEnd.run();
      return;
    }
    session.unregister();
    observer.sessionClosed(session, status, System.nanoTime() - openedAt);
    if (log.isDebugEnabled()) {
      withMdc(() -> log.debug("session {} on {} closed: {} {}", session.id(), endpoint.path(), status.code(),
          status.reason()));
    }
    if (tasks != null) {
      if (endpoint.close() != null) {
        WsInvocation invocation = WsInvocation.close(session, status);
        tasks.submit(() -> call(endpoint.close(), invocation, null,
            error -> log.error("{} failed on session {}", endpoint.close(), session.id(), error)));
      }
      tasks.endBatch();
    }
    onEnd.run();
  }

  /** Tasks exist once {@link #onOpen} got that far; an open that failed before has nothing to run or end. */
  @Override
  public void onReadComplete(WsSession engineSession) {
    if (tasks != null) {
      tasks.endBatch();
    }
  }

  /** Logs from the I/O thread with the session in the MDC, apart from the tasks' own batches. */
  private void withMdc(Runnable logging) {
    SessionMdc mdc = new SessionMdc(session);
    mdc.enter();
    try {
      logging.run();
    } finally {
      mdc.exit();
    }
  }

  @Override
  public void onError(WsSession engineSession, Throwable error) {
    log.error("session {} of {} failed", engineSession.id(), endpoint.path(), error);
  }

  private void handleEnvelope(String text, int size) {
    Envelope envelope;
    try {
      envelope = services.codec().decode(text);
    } catch (EnvelopeException e) {
      observer.messageReceived(EndpointObserver.OTHER, size);
      WsInvocation invocation = WsInvocation.text(session, text);
      if (admit(invocation, WsInboundMessage.Kind.TEXT, null, size)) {
        responder.sendError(invocation, WsErrorReply.of("bad_json", e.getMessage()));
      }
      return;
    }
    WsInvocation invocation = WsInvocation.envelope(session, envelope);
    InvocableHandler handler = endpoint.typed().get(envelope.type());
    observer.messageReceived(handler != null ? envelope.type() : EndpointObserver.OTHER, size);
    if (!admit(invocation, WsInboundMessage.Kind.TEXT, envelope.type(), size)) {
      return;
    }
    if (handler == null) {
      responder.sendError(invocation, WsErrorReply.of("unknown_type", "no handler for type '" + envelope.type()
          + "'"));
      return;
    }
    call(handler, invocation, value -> responder.reply(endpoint, invocation, value),
        error -> responder.fail(endpoint, invocation, error));
  }

  private boolean admit(WsInvocation invocation, WsInboundMessage.Kind kind, String type, int size) {
    if (filters.isEmpty()) {
      return true;
    }
    WsInboundMessage message = new WsInboundMessage(session.endpoint(), session, kind, type,
        invocation.requestId(), size);
    return filters.admit(message, observer, reply -> responder.sendError(invocation, reply));
  }

  private void call(InvocableHandler handler, WsInvocation invocation, Consumer<Object> onResult,
      Consumer<Throwable> onFailure) {
    try {
      Object value = invoke(handler, invocation, 0);
      if (onResult != null) {
        onResult.accept(value);
      }
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable error) {
      onFailure.accept(error);
    }
  }

  private Object invoke(InvocableHandler handler, WsInvocation invocation, int interceptor) throws Throwable {
    List<WsInvocationInterceptor> interceptors = services.interceptors();
    if (interceptor == interceptors.size()) {
      return handler.invoke(invocation);
    }
    return interceptors.get(interceptor).intercept(invocation, handler.info(),
        () -> invoke(handler, invocation, interceptor + 1));
  }

  @Override
  public String toString() {
    return "EndpointSession[" + endpoint.path() + ", " + session + "]";
  }
}
