package dev.duplex.spring.dispatch;

import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.DeliveryStats;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.observe.DuplexObserver;
import dev.duplex.spring.session.SessionRegistry;
import java.util.List;

/**
 * What every endpoint session needs from the application, gathered once.
 *
 * @param dispatcher runs handlers off the I/O threads; {@code null} in {@link DispatchMode#LOOP}
 * @param maxPending messages a session may have waiting for its handlers before its socket stops being read
 * @param outboundBufferLimit the engine's per-session outbound limit, which delivery policies work against
 * @param interceptors wrap every handler call, the first outermost
 * @param observer hears handshakes, sessions and messages (metrics)
 */
public record SessionServices(SessionRegistry registry, EnvelopeCodec codec, DeliveryPolicies policies,
    DeliveryStats deliveryStats, HandlerDispatcher dispatcher, int maxPending, long outboundBufferLimit,
    List<WsInvocationInterceptor> interceptors, DuplexObserver observer) {

  public SessionServices {
    interceptors = List.copyOf(interceptors);
    observer = observer == null ? DuplexObserver.NONE : observer;
  }

  /** Services without an observer. */
  public SessionServices(SessionRegistry registry, EnvelopeCodec codec, DeliveryPolicies policies,
      DeliveryStats deliveryStats, HandlerDispatcher dispatcher, int maxPending, long outboundBufferLimit,
      List<WsInvocationInterceptor> interceptors) {
    this(registry, codec, policies, deliveryStats, dispatcher, maxPending, outboundBufferLimit, interceptors,
        DuplexObserver.NONE);
  }
}
