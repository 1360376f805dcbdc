package dev.duplex.spring.dispatch;

import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.DeliveryStats;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.observe.DuplexObserver;
import dev.duplex.spring.session.SessionRegistry;
import java.util.List;
import java.util.Objects;

/**
 * What every endpoint session needs from the application, gathered once.
 *
 * @param dispatcher runs handlers off the I/O threads, for the endpoints that are dispatched to the executor
 * @param mode where handlers run unless their endpoint says otherwise with {@code @WsDispatch}
 * @param maxPending messages a session may have waiting for its handlers before its socket stops being read
 * @param outboundBufferLimit the engine's per-session outbound limit, which delivery policies work against
 * @param interceptors wrap every handler call, the first outermost
 * @param observer hears handshakes, sessions and messages (metrics)
 */
public record SessionServices(SessionRegistry registry, EnvelopeCodec codec, DeliveryPolicies policies,
    DeliveryStats deliveryStats, HandlerDispatcher dispatcher, DispatchMode mode, int maxPending,
    long outboundBufferLimit, List<WsInvocationInterceptor> interceptors, DuplexObserver observer) {

  public SessionServices {
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(mode, "mode");
    interceptors = List.copyOf(interceptors);
    observer = observer == null ? DuplexObserver.NONE : observer;
  }

  /**
   * Who runs the handlers of an endpoint: the dispatcher, or {@code null} for the I/O thread.
   *
   * @param endpointMode the endpoint's own choice, {@code null} for the application's {@link #mode()}
   */
  HandlerDispatcher dispatcherFor(DispatchMode endpointMode) {
    DispatchMode effective = endpointMode != null ? endpointMode : mode;
    return effective == DispatchMode.LOOP ? null : dispatcher;
  }
}
