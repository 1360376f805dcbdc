package dev.duplex.spring.dispatch;

import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.observe.EndpointObserver;
import dev.duplex.spring.resolve.WsInvocation;
import dev.duplex.spring.session.DefaultDuplexSession;
import dev.duplex.spring.session.DuplexSession;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ExceptionDepthComparator;

/**
 * Turns what handler methods return or throw into messages: replies correlated with the request, raw messages,
 * and {@code error} envelopes. Nothing a handler throws reaches the client as more than a code and a message.
 */
final class Responder {

  private static final Logger log = LoggerFactory.getLogger(Responder.class);
  private static final WsErrorReply INTERNAL_ERROR = WsErrorReply.of("internal_error", "internal error");

  private final EnvelopeCodec codec;

  Responder(EnvelopeCodec codec) {
    this.codec = codec;
  }

  /** Sends what a typed handler returned as a reply to the request, once it is available. */
  void reply(EndpointDefinition endpoint, WsInvocation invocation, Object value) {
    if (value instanceof CompletionStage<?> stage) {
      stage.whenComplete((result, error) -> {
        if (error != null) {
          fail(endpoint, invocation, unwrap(error));
        } else {
          reply(endpoint, invocation, result);
        }
      });
    } else if (value instanceof WsErrorReply error) {
      sendError(invocation, error);
    } else if (value != null) {
      String type = invocation.envelope().type();
      sendEnvelope(invocation.session(), type, codec.encode(type, invocation.requestId(), value));
    }
  }

  /**
   * Sends what a raw handler returned, unchanged: text for strings, binary for bytes. Returned bytes are handed over
   * to the session, not copied: the handler gave them up by returning them.
   */
  void rawReply(EndpointDefinition endpoint, WsInvocation invocation, Object value) {
    DuplexSession session = invocation.session();
    if (value instanceof CompletionStage<?> stage) {
      stage.whenComplete((result, error) -> {
        if (error != null) {
          fail(endpoint, invocation, unwrap(error));
        } else {
          rawReply(endpoint, invocation, result);
        }
      });
    } else if (value instanceof CharSequence text) {
      session.sendText(text.toString());
    } else if (value instanceof byte[] bytes) {
      session.sendOwnedBinary(ByteBuffer.wrap(bytes));
    } else if (value instanceof ByteBuffer bytes) {
      session.sendOwnedBinary(bytes);
    } else if (value != null) {
      log.error("raw handler of {} completed with a {}, which cannot be sent as a frame", endpoint.path(),
          value.getClass().getName());
    }
  }

  /**
   * Answers a failed call: through the endpoint's closest {@code @WsError} method when one handles the exception,
   * else with the error a {@link WsException} carries, else with {@code internal_error} (and a log entry).
   */
  void fail(EndpointDefinition endpoint, WsInvocation invocation, Throwable error) {
    ErrorHandler handler = closest(endpoint.errorHandlers(), error);
    if (handler == null) {
      sendError(invocation, defaultReply(invocation, error));
      return;
    }
    Object result;
    try {
      result = handler.method().invoke(invocation.failed(error));
    } catch (Throwable mappingFailure) {
      log.error("@WsError method {} failed on session {} while mapping {}", handler.method(),
          invocation.session().id(), error, mappingFailure);
      sendError(invocation, INTERNAL_ERROR);
      return;
    }
    if (result instanceof WsErrorReply reply) {
      sendError(invocation, reply);
    } else if (result != null && invocation.envelope() != null) {
      reply(endpoint, invocation, result);
    } else if (result != null) {
      rawReply(endpoint, invocation, result);
    }
  }

  private static WsErrorReply defaultReply(WsInvocation invocation, Throwable error) {
    if (error instanceof WsException known) {
      return known.reply();
    }
    log.error("handler failed on session {}", invocation.session().id(), error);
    return INTERNAL_ERROR;
  }

  void sendError(WsInvocation invocation, WsErrorReply error) {
    sendEnvelope(invocation.session(), EndpointObserver.ERROR, codec.encodeError(invocation.requestId(), error));
  }

  /** Sends an encoded envelope, counted under its type. */
  private static void sendEnvelope(DuplexSession session, String type, String json) {
    if (session instanceof DefaultDuplexSession counted) {
      counted.sendEnvelope(type, json);
    } else {
      session.sendText(json);
    }
  }

  private static ErrorHandler closest(List<ErrorHandler> handlers, Throwable error) {
    List<Class<? extends Throwable>> candidates = handlers.stream().map(ErrorHandler::handles)
        .filter(type -> type.isInstance(error)).toList();
    if (candidates.isEmpty()) {
      return null;
    }
    Class<? extends Throwable> best = ExceptionDepthComparator.findClosestMatch(candidates, error);
    return handlers.stream().filter(h -> h.handles() == best).findFirst().orElseThrow();
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
