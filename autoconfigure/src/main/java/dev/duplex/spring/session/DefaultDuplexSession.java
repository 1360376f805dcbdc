package dev.duplex.spring.session;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.SessionStats;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.messaging.OutboundMessage;
import dev.duplex.spring.messaging.SessionOutbox;
import dev.duplex.spring.observe.EndpointObserver;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link DuplexSession} over an engine session; registered in a {@link SessionRegistry} while open. */
public final class DefaultDuplexSession implements DuplexSession {

  private final WsSession delegate;
  private final String endpoint;
  private final Map<String, String> pathVariables;
  private final SessionRegistry registry;
  private final EnvelopeCodec codec;
  private final DeliveryPolicies policies;
  private final SessionOutbox outbox;
  private final EndpointObserver observer;
  private final Set<String> rooms = ConcurrentHashMap.newKeySet();
  private volatile Principal principal;
  private volatile boolean registered;

  public DefaultDuplexSession(WsSession delegate, String endpoint, Map<String, String> pathVariables,
      SessionRegistry registry, EnvelopeCodec codec, DeliveryPolicies policies, SessionOutbox outbox) {
    this(delegate, endpoint, pathVariables, registry, codec, policies, outbox, EndpointObserver.NONE);
  }

  /**
   * @param observer told of the messages sent around the outbox (raw sends and replies); the outbox tells it of
   *     the others
   */
  public DefaultDuplexSession(WsSession delegate, String endpoint, Map<String, String> pathVariables,
      SessionRegistry registry, EnvelopeCodec codec, DeliveryPolicies policies, SessionOutbox outbox,
      EndpointObserver observer) {
    this.delegate = delegate;
    this.endpoint = endpoint;
    this.pathVariables = Map.copyOf(pathVariables);
    this.registry = registry;
    this.codec = codec;
    this.policies = policies;
    this.outbox = outbox;
    this.observer = observer;
  }

  /** Makes the session reachable through the registry; called when it opens. */
  public void register() {
    registered = true;
    registry.add(this);
    registry.userChanged(this, null, principal);
  }

  /** Leaves every room and the registry; called when it closes. */
  public synchronized void unregister() {
    registered = false;
    registry.remove(this, Set.copyOf(rooms));
    rooms.clear();
  }

  /** Sends a message through the delivery policies; used by the messenger. */
  public CompletionStage<Void> deliver(OutboundMessage message) {
    return outbox.send(message);
  }

  public SessionOutbox outbox() {
    return outbox;
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public Map<String, String> pathVariables() {
    return pathVariables;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public synchronized void setPrincipal(Principal user) {
    Principal previous = principal;
    principal = user;
    if (registered) {
      registry.userChanged(this, previous, user);
    }
  }

  @Override
  public synchronized void join(String room) {
    if (registered && rooms.add(room)) {
      registry.join(this, room);
    }
  }

  @Override
  public synchronized void leave(String room) {
    if (rooms.remove(room)) {
      registry.leave(this, room);
    }
  }

  @Override
  public Set<String> rooms() {
    return Set.copyOf(rooms);
  }

  @Override
  public CompletionStage<Void> send(String type, Object data) {
    PreparedMessage frame = PreparedMessage.text(codec.encode(type, null, data));
    return outbox.send(policies.message(frame, type, null));
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public Map<String, Object> attributes() {
    return delegate.attributes();
  }

  @Override
  public HandshakeRequest handshake() {
    return delegate.handshake();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return delegate.remoteAddress();
  }

  @Override
  public InetSocketAddress localAddress() {
    return delegate.localAddress();
  }

  @Override
  public Optional<String> subprotocol() {
    return delegate.subprotocol();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  /**
   * Sends an envelope the caller encoded, such as a reply, as {@link #sendText(String)} does; it is counted under
   * {@code type} rather than as a raw message.
   */
  public CompletionStage<Void> sendEnvelope(String type, String json) {
    if (observer != EndpointObserver.NONE) {
      observer.messageSent(type, utf8Length(json));
    }
    return outbox.track(delegate.sendText(json));
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    if (observer != EndpointObserver.NONE) {
      observer.messageSent(EndpointObserver.RAW, utf8Length(text));
    }
    return outbox.track(delegate.sendText(text));
  }

  @Override
  public CompletionStage<Void> sendText(ByteBuffer utf8) {
    observer.messageSent(EndpointObserver.RAW, utf8.remaining());
    return outbox.track(delegate.sendText(utf8));
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    observer.messageSent(EndpointObserver.RAW, data.remaining());
    return outbox.track(delegate.sendBinary(data));
  }

  @Override
  public CompletionStage<Void> sendOwnedBinary(ByteBuffer data) {
    observer.messageSent(EndpointObserver.RAW, data.remaining());
    return outbox.track(delegate.sendOwnedBinary(data));
  }

  /** Counted as one raw message when the last fragment is sent, with the size of that fragment. */
  @Override
  public CompletionStage<Void> sendTextFragment(ByteBuffer utf8, boolean last) {
    if (last) {
      observer.messageSent(EndpointObserver.RAW, utf8.remaining());
    }
    return outbox.track(delegate.sendTextFragment(utf8, last));
  }

  /** Counted as one raw message when the last fragment is sent, with the size of that fragment. */
  @Override
  public CompletionStage<Void> sendBinaryFragment(ByteBuffer data, boolean last) {
    if (last) {
      observer.messageSent(EndpointObserver.RAW, data.remaining());
    }
    return outbox.track(delegate.sendBinaryFragment(data, last));
  }

  @Override
  public CompletionStage<Void> send(PreparedMessage message) {
    observer.messageSent(EndpointObserver.RAW, message.size());
    return outbox.track(delegate.send(message));
  }

  /** The number of bytes {@code text} takes in UTF-8, without encoding it (unpaired surrogates count as one). */
  private static int utf8Length(String text) {
    int length = text.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes++;
        } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 2;
          i++;
        } else if (!Character.isSurrogate(c)) {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  @Override
  public CompletionStage<Void> sendPing(ByteBuffer payload) {
    return delegate.sendPing(payload);
  }

  @Override
  public CompletionStage<Void> sendPong(ByteBuffer payload) {
    return delegate.sendPong(payload);
  }

  @Override
  public CompletionStage<Void> close(CloseStatus status) {
    return delegate.close(status);
  }

  @Override
  public long bufferedAmount() {
    return delegate.bufferedAmount();
  }

  @Override
  public SessionStats stats() {
    return delegate.stats();
  }

  @Override
  public void runAfterBatch(Runnable task) {
    delegate.runAfterBatch(task);
  }

  @Override
  public void suspendReading() {
    delegate.suspendReading();
  }

  @Override
  public void resumeReading() {
    delegate.resumeReading();
  }

  @Override
  public String toString() {
    return "DuplexSession[" + delegate.id() + " " + endpoint + (principal != null ? " " + principal.getName() : "")
        + ", rooms=" + rooms + "]";
  }
}
