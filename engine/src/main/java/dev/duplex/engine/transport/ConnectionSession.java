package dev.duplex.engine.transport;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.SessionStats;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.HandshakeRequest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the application sees of a {@link Connection}: the session's identity (id, addresses, handshake request,
 * subprotocol, attributes) and the send API, safe to call from any thread. Sends and flow control go to the
 * connection, which performs them on its event loop.
 */
final class ConnectionSession implements WsSession {

  private static final AtomicLong IDS = new AtomicLong();

  private final String id = Long.toString(IDS.incrementAndGet(), 36);
  private final Connection connection;
  private final InetSocketAddress remoteAddress;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private volatile InetSocketAddress localAddress;
  private volatile HandshakeRequest request;
  private volatile String subprotocol;

  ConnectionSession(Connection connection, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
    this.connection = connection;
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
  }

  /** The opening handshake succeeded; called on the loop before the listener hears of the session. */
  void opened(HandshakeRequest handshakeRequest, String agreedSubprotocol, Map<String, Object> initialAttributes,
      InetSocketAddress local) {
    request = handshakeRequest;
    subprotocol = agreedSubprotocol;
    attributes.putAll(initialAttributes);
    if (local != null) {
      localAddress = local;
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Map<String, Object> attributes() {
    return attributes;
  }

  @Override
  public HandshakeRequest handshake() {
    return request;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public Optional<String> subprotocol() {
    return Optional.ofNullable(subprotocol);
  }

  @Override
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public SessionStats stats() {
    return connection.stats();
  }

  @Override
  public long bufferedAmount() {
    return connection.bufferedAmount();
  }

  @Override
  public void runAfterBatch(Runnable task) {
    connection.runAfterBatch(task);
  }

  @Override
  public void suspendReading() {
    connection.suspendReading();
  }

  @Override
  public void resumeReading() {
    connection.resumeReading();
  }

  @Override
  public CompletionStage<Void> sendText(String text) {
    return connection.send(SendKind.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true, null,
        false);
  }

  @Override
  public CompletionStage<Void> sendText(ByteBuffer utf8) {
    return connection.send(SendKind.TEXT, utf8, true, null, true);
  }

  @Override
  public CompletionStage<Void> sendBinary(ByteBuffer data) {
    return connection.send(SendKind.BINARY, data, true, null, true);
  }

  @Override
  public CompletionStage<Void> sendOwnedBinary(ByteBuffer data) {
    return connection.send(SendKind.BINARY, data, true, null, false);
  }

  @Override
  public CompletionStage<Void> sendTextFragment(ByteBuffer utf8, boolean last) {
    return connection.send(SendKind.TEXT_FRAGMENT, utf8, last, null, true);
  }

  @Override
  public CompletionStage<Void> sendBinaryFragment(ByteBuffer data, boolean last) {
    return connection.send(SendKind.BINARY_FRAGMENT, data, last, null, true);
  }

  @Override
  public CompletionStage<Void> send(PreparedMessage message) {
    return connection.send(SendKind.PREPARED, message.payload(), true, message, false);
  }

  @Override
  public CompletionStage<Void> sendPing(ByteBuffer payload) {
    return connection.send(SendKind.PING, payload, true, null, true);
  }

  @Override
  public CompletionStage<Void> sendPong(ByteBuffer payload) {
    return connection.send(SendKind.PONG, payload, true, null, true);
  }

  @Override
  public CompletionStage<Void> close(CloseStatus status) {
    return connection.close(status);
  }

  @Override
  public String toString() {
    return connection.toString();
  }
}
