package dev.duplex.engine.transport;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.ConnectionInfo;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.SessionStats;
import dev.duplex.engine.SlowConsumerException;
import dev.duplex.engine.SlowConsumerPolicy;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSendException;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HandshakeResponse;
import dev.duplex.engine.protocol.WsEvent;
import dev.duplex.engine.protocol.WsProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection on its event loop: the opening handshake, then a {@link WsProtocol} between the socket
 * and a {@link WsListener}, with the connection's timers, outbound queue and flow control.
 *
 * <p>The application sees it through its {@link ConnectionSession}. Everything but the methods that session calls
 * (sends, close, flow control, statistics) runs on the owning loop; sends from other threads become commands in a
 * {@link CommandQueue}. The clocks live in {@link Deadlines}, reading flow in {@link ReadControl}, the traffic
 * counters in {@link SessionCounters}.
 */
final class Connection implements IoHandler {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  private static final int MAX_READS_PER_WAKEUP = 16;
  private static final CloseStatus INTERNAL_ERROR = CloseStatus.of(CloseStatus.INTERNAL_ERROR, "internal error");

  private enum Phase { HANDSHAKE, OPEN, CLOSED }

  private final EventLoop loop;
  private final SocketChannel channel;
  private final TlsChannel tls;
  private final WsConfig config;
  private final Owner owner;
  private final ConnectionSession session;
  private final InetSocketAddress remoteAddress;
  private final Outbound outbound = new Outbound();
  private final CommandQueue commands = new CommandQueue();
  private final Runnable drainCommands = this::drainCommands;
  private final Runnable onTimer = this::onTimer;
  private final ReadControl reading = new ReadControl();
  private final Deadlines deadlines;
  private final SessionCounters counters = new SessionCounters();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private SelectionKey key;
  private Phase phase = Phase.HANDSHAKE;
  private volatile boolean open;
  /** Set once the channel is closed: commands queued from then on are failed by the thread that queued them. */
  private volatile boolean ended;
  private HandshakePhase handshake;
  private WsProtocol protocol;
  private WsListener listener;

  private boolean dispatching;
  private boolean flushScheduled;
  private boolean closeWhenFlushed;
  private CloseStatus localClose;
  private boolean closeReported;
  /** A write failed: the socket takes nothing more, and the abort that follows must not try again. */
  private boolean writeFailed;

  private Timers.Timer timer;

  /** What a connection reports to the server or client that made it. */
  interface Owner {

    TransportStats stats();

    void opened(Connection connection);

    void closed(Connection connection);
  }

  /**
   * @param tls the TLS layer over {@code channel}, or {@code null} for plain TCP
   */
  Connection(EventLoop loop, SocketChannel channel, TlsChannel tls, WsConfig config, Owner owner,
      HandshakePhase handshake, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
    this.loop = loop;
    this.channel = channel;
    this.tls = tls;
    this.config = config;
    this.owner = owner;
    this.handshake = handshake;
    this.remoteAddress = remoteAddress;
    this.session = new ConnectionSession(this, remoteAddress, localAddress);
    this.deadlines = new Deadlines(config);
  }

  /** Registers with the loop and starts the handshake; on the loop. */
  void start(int interestOps) throws IOException {
    key = loop.register(channel, interestOps, this);
    deadlines.started(loop.now());
    armTimer();
    if ((interestOps & SelectionKey.OP_CONNECT) == 0) {
      handshake.start(this);
      flush();
    }
  }

  WsConfig config() {
    return config;
  }

  /** The peer's address and whether TLS is in use, for handshake handlers. */
  ConnectionInfo info() {
    return new ConnectionInfo(remoteAddress, session.localAddress(), tls != null);
  }

  EventLoop loop() {
    return loop;
  }

  /** The counters of the server or client that made this connection. */
  TransportStats transportStats() {
    return owner.stats();
  }

  CompletionStage<Void> closeFuture() {
    return closed;
  }

  // ---------------------------------------------------------------- I/O

  @Override
  public void handleIo(SelectionKey readyKey) {
    try {
      if (readyKey.isConnectable()) {
        finishConnect();
        return;
      }
      if (readyKey.isWritable()) {
        flush();
      }
      if (phase != Phase.CLOSED && readyKey.isValid() && readyKey.isReadable()) {
        read();
      }
    } catch (RuntimeException e) {
      log.error("unexpected failure on connection {}", session.id(), e);
      abort(INTERNAL_ERROR);
    }
  }

  private void finishConnect() {
    try {
      channel.finishConnect();
    } catch (IOException e) {
      handshake.onConnectFailed(this, e);
      closeChannel();
      return;
    }
    key.interestOps(SelectionKey.OP_READ);
    handshake.start(this);
    flush();
  }

  private void read() {
    ByteBuffer buffer = loop.readBuffer();
    for (int reads = 0; reads < MAX_READS_PER_WAKEUP && phase != Phase.CLOSED && reading.wanted(); reads++) {
      int n;
      try {
        n = tls != null ? tls.read(buffer) : channel.read(buffer);
      } catch (SSLException e) {
        tlsFailed(e);
        return;
      } catch (IOException e) {
        endOfStream("read failed: " + e.getMessage());
        return;
      }
      if (n < 0) {
        endOfStream("end of stream");
        return;
      }
      if (n == 0) {
        if (tls != null) {
          flush();
        }
        return;
      }
      counters.bytesReceived(n);
      owner.stats().bytesReceived(n);
      if (deadlines.read(loop.now())) {
        armTimer();
      }
      buffer.flip();
      if (phase == Phase.HANDSHAKE) {
        if (handshake != null) {
          handshake.onBytes(this, buffer);
          flush();
        }
      } else {
        receive(buffer);
      }
      if (n < buffer.capacity() && (tls == null || !tls.hasBufferedRecord())) {
        return;
      }
      buffer.clear();
    }
    readBufferedTlsLater();
  }

  /**
   * TLS may hold whole records already taken from the socket when reading stops (the per-wakeup limit, or reading
   * suspended): the selector will never report them, so a task reads them.
   */
  private void readBufferedTlsLater() {
    if (tls != null && phase != Phase.CLOSED && reading.wanted() && tls.hasBufferedRecord()) {
      loop.execute(() -> {
        try {
          if (phase != Phase.CLOSED && reading.wanted()) {
            read();
          }
        } catch (RuntimeException e) {
          log.error("unexpected failure on connection {}", session.id(), e);
          abort(INTERNAL_ERROR);
        }
      });
    }
  }

  private void receive(ByteBuffer bytes) {
    protocol.receive(bytes);
    drainProtocol();
  }

  private void drainProtocol() {
    dispatchEvents(false);
    flush();
  }

  /**
   * Hands the protocol's output to the outbound queue and its events to the listener. While the application has
   * suspended reading, events wait in the protocol, so no callback follows {@link #suspendReading()} but the one
   * that called it; when the connection is ending they are all delivered, in order, before the close. A run of
   * callbacks ends with {@link WsListener#onReadComplete}, unless the session ended in it.
   */
  private void dispatchEvents(boolean ending) {
    if (dispatching) {
      return;
    }
    dispatching = true;
    boolean delivered = false;
    try {
      ByteBuffer reply;
      while ((reply = protocol.pollOutput()) != null) {
        outbound.add(reply, null, 0);
      }
      WsEvent event;
      while (phase != Phase.CLOSED && (ending || !reading.suspendedByApplication())
          && (event = protocol.nextEvent()) != null) {
        delivered |= dispatch(event);
      }
    } finally {
      if (delivered && !closeReported) {
        readComplete();
      }
      dispatching = false;
    }
  }

  private void readComplete() {
    try {
      listener.onReadComplete(session);
    } catch (RuntimeException | Error e) {
      listenerFailed(e);
    }
  }

  /** Delivers one event; returns whether it went to a message, ping or pong callback. */
  private boolean dispatch(WsEvent event) {
    if (event instanceof WsEvent.Close close) {
      onProtocolClosed(close);
      return false;
    }
    try {
      if (event instanceof WsEvent.Text text) {
        dataReceived();
        listener.onTextBytes(session, text.payload());
      } else if (event instanceof WsEvent.Binary binary) {
        dataReceived();
        listener.onBinary(session, binary.payload());
      } else if (event instanceof WsEvent.Ping ping) {
        listener.onPing(session, ping.payload());
      } else if (event instanceof WsEvent.Pong pong) {
        listener.onPong(session, pong.payload());
      }
    } catch (RuntimeException | Error e) {
      listenerFailed(e);
    }
    return true;
  }

  private void dataReceived() {
    deadlines.data(loop.now());
    counters.messageReceived();
  }

  private void listenerFailed(Throwable error) {
    try {
      listener.onError(session, error);
    } catch (RuntimeException | Error e) {
      log.warn("onError of session {} failed", session.id(), e);
    }
    if (protocol.isOpen()) {
      startClose(INTERNAL_ERROR);
    }
  }

  private void onProtocolClosed(WsEvent.Close close) {
    CloseStatus status = localClose != null ? localClose : close.status();
    closeWhenFlushed = true;
    if (!deadlines.closing()) {
      deadlines.closeBy(loop.now());
      armTimer();
    }
    reportClose(status);
  }

  private void reportClose(CloseStatus status) {
    if (closeReported) {
      return;
    }
    closeReported = true;
    open = false;
    owner.stats().sessionClosed(status.code());
    try {
      listener.onClose(session, status);
    } catch (RuntimeException | Error e) {
      log.warn("onClose of session {} failed", session.id(), e);
    }
  }

  private void endOfStream(String reason) {
    if (phase == Phase.OPEN) {
      protocol.receiveEof();
      dispatchEvents(true);
    } else if (phase == Phase.HANDSHAKE && handshake != null) {
      handshake.onClosed(this, reason);
    }
    closeChannel();
  }

  /** Ends the connection at once, reporting {@code status} if the session has not ended yet. */
  private void abort(CloseStatus status) {
    if (phase == Phase.OPEN) {
      protocol.abort(status);
      dispatchEvents(true);
    } else if (phase == Phase.HANDSHAKE && handshake != null) {
      handshake.onClosed(this, status.reason());
    }
    closeChannel();
  }

  /**
   * Writes a send made on the loop when the loop has finished its current batch of work: a handler that sends to
   * many sessions (a broadcast on the loop) or to one session several times costs one write per session and
   * batch, not one per message. While this connection dispatches a read, the flush after the dispatch does it.
   */
  private void flushSoon() {
    if (!dispatching && !flushScheduled) {
      flushScheduled = true;
      loop.flushLater(this);
    }
  }

  /** The loop's deferred flush; see {@link #flushSoon()}. */
  @Override
  public void flushDeferred() {
    flushScheduled = false;
    flush();
  }

  void flush() {
    if (phase == Phase.CLOSED || dispatching || writeFailed) {
      return;
    }
    boolean done;
    long writtenBefore = outbound.written();
    try {
      done = tls != null ? outbound.writeTo(tls) : outbound.writeTo(channel, loop.writeBuffer());
      if (tls != null) {
        done = tls.flush() && done;
      }
    } catch (SSLException e) {
      writeFailed = true;
      tlsFailed(e);
      return;
    } catch (IOException e) {
      writeFailed = true;
      abort(CloseStatus.of(CloseStatus.ABNORMAL_CLOSURE, "write failed"));
      return;
    }
    long written = outbound.written() - writtenBefore;
    if (written > 0) {
      owner.stats().bytesSent(written);
    }
    // A TLS handshake waiting for the peer's records cannot write: the next read moves it on, not OP_WRITE.
    boolean waitingForPeer = tls != null && !tls.handshakeDone() && !tls.wantsWrite();
    setInterest(SelectionKey.OP_WRITE, !done && !waitingForPeer);
    if (done) {
      if (closeWhenFlushed) {
        closeChannel();
        return;
      }
      if (reading.pausedForOutbound() && outbound.queuedBytes() <= config.outboundBufferLimit() / 4) {
        reading.pauseForOutbound(false);
        updateReadInterest();
      }
    }
  }

  private void tlsFailed(SSLException error) {
    log.debug("TLS failure on connection {}: {}", session.id(), error.getMessage());
    if (!tls.handshakeDone()) {
      owner.stats().tlsHandshakeFailed();
      abort(CloseStatus.of(CloseStatus.TLS_HANDSHAKE_FAILURE, "TLS handshake failed: " + error.getMessage()));
    } else {
      abort(CloseStatus.of(CloseStatus.ABNORMAL_CLOSURE, "TLS failure"));
    }
  }

  private void closeChannel() {
    if (phase == Phase.CLOSED) {
      return;
    }
    Phase was = phase;
    phase = Phase.CLOSED;
    open = false;
    ended = true;
    if (timer != null) {
      loop.cancel(timer);
      timer = null;
    }
    if (key != null) {
      key.cancel();
    }
    try {
      if (tls != null) {
        tls.close();
      } else {
        channel.close();
      }
    } catch (IOException e) {
      log.debug("closing connection {}", session.id(), e);
    }
    outbound.failAll("session closed");
    commands.failAll(outbound);
    if (was == Phase.OPEN) {
      reportClose(CloseStatus.ABNORMAL);
    }
    owner.closed(this);
    closed.complete(null);
  }

  @Override
  public void loopClosed() {
    abort(CloseStatus.of(CloseStatus.GOING_AWAY, "event loop stopped"));
  }

  private void setInterest(int op, boolean on) {
    if (key == null || !key.isValid()) {
      return;
    }
    int ops = key.interestOps();
    int updated = on ? ops | op : ops & ~op;
    if (updated != ops) {
      key.interestOps(updated);
    }
  }

  private void updateReadInterest() {
    if (phase == Phase.CLOSED) {
      return;
    }
    boolean wanted = reading.wanted();
    boolean was = key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0;
    setInterest(SelectionKey.OP_READ, wanted);
    if (wanted && !was) {
      deadlines.readingResumed(loop.now());
      armTimer();
      readBufferedTlsLater();
    }
    if (wanted && phase == Phase.OPEN && !dispatching) {
      drainProtocol();
    }
  }

  // ---------------------------------------------------------------- handshake outcomes

  /** Completes the opening handshake: writes {@code response} (server side) and hands over to the protocol. */
  void upgrade(ByteBuffer response, WsProtocol wsProtocol, WsListener sessionListener,
      HandshakeRequest handshakeRequest, String agreedSubprotocol, Map<String, Object> initialAttributes,
      ByteBuffer rest) {
    if (response != null) {
      outbound.add(response, null, 0);
    }
    protocol = wsProtocol;
    protocol.useFrameBuffers(loop.frameBuffers());
    listener = sessionListener;
    InetSocketAddress local = null;
    if (session.localAddress() == null) {
      try {
        local = (InetSocketAddress) channel.getLocalAddress();
      } catch (IOException e) {
        log.debug("local address of connection {}", session.id(), e);
      }
    }
    session.opened(handshakeRequest, agreedSubprotocol, initialAttributes, local);
    handshake = null;
    phase = Phase.OPEN;
    open = true;
    deadlines.opened(loop.now());
    counters.opened();
    owner.stats().handshakeAccepted();
    owner.opened(this);
    armTimer();
    dispatching = true;
    try {
      listener.onOpen(session);
    } catch (RuntimeException | Error e) {
      listenerFailed(e);
    } finally {
      dispatching = false;
    }
    if (rest.hasRemaining() && protocol.state() != WsProtocol.State.CLOSED) {
      receive(rest);
    } else {
      flush();
    }
  }

  /** Refuses the handshake: writes the response, then closes. */
  void refuse(HandshakeResponse response) {
    owner.stats().handshakeRefused(response.status());
    handshake = null;
    write(response.toBytes());
    closeWhenFlushed = true;
    deadlines.closeBy(loop.now());
    armTimer();
    flush();
  }

  /** Ends a client connection whose handshake failed, without writing anything. */
  void failHandshake() {
    handshake = null;
    closeChannel();
  }

  /** Queues raw bytes (a handshake head); on the loop. */
  void write(ByteBuffer bytes) {
    outbound.add(bytes, null, 0);
  }

  // ---------------------------------------------------------------- timers

  private void armTimer() {
    long deadline = phase == Phase.CLOSED ? Long.MAX_VALUE
        : deadlines.next(phase == Phase.HANDSHAKE, reading.wanted());
    if (timer != null) {
      if (deadline != Long.MAX_VALUE && timer.deadline() - deadline <= 0) {
        return;
      }
      loop.cancel(timer);
      timer = null;
    }
    if (deadline != Long.MAX_VALUE) {
      timer = loop.schedule(deadline, onTimer);
    }
  }

  private void onTimer() {
    timer = null;
    if (phase == Phase.CLOSED) {
      return;
    }
    long now = loop.now();
    if (deadlines.closing()) {
      if (deadlines.closeExpired(now)) {
        abort(CloseStatus.of(CloseStatus.ABNORMAL_CLOSURE, "close handshake timed out"));
        return;
      }
    } else if (phase == Phase.HANDSHAKE) {
      if (deadlines.handshakeExpired(now) && handshake != null) {
        if (tls != null && !tls.handshakeDone()) {
          // nothing, not even a 408, can be written before TLS is up: close now, not a close timeout later
          owner.stats().tlsHandshakeFailed();
          abort(CloseStatus.of(CloseStatus.TLS_HANDSHAKE_FAILURE, "TLS handshake timed out"));
          return;
        }
        handshake.onTimeout(this);
      }
    } else if (checkIdle(now) && checkHeartbeat(now)) {
      flush();
    }
    armTimer();
  }

  /** Returns false when the idle timeout closed the session. */
  private boolean checkIdle(long now) {
    if (deadlines.idleExpired(now)) {
      startClose(CloseStatus.of(CloseStatus.GOING_AWAY, "idle timeout"));
      flush();
      return false;
    }
    return true;
  }

  /** Sends a heartbeat ping when the peer has been silent; returns false when the peer missed the last one. */
  private boolean checkHeartbeat(long now) {
    Deadlines.Heartbeat heartbeat = deadlines.heartbeat(now, reading.wanted());
    if (heartbeat == Deadlines.Heartbeat.TIMED_OUT) {
      abort(CloseStatus.of(CloseStatus.ABNORMAL_CLOSURE, "heartbeat timeout"));
      return false;
    }
    if (heartbeat == Deadlines.Heartbeat.PING_DUE && protocol.isOpen()) {
      outbound.add(protocol.ping(ByteBuffer.allocate(0)), null, 0);
      deadlines.pingSent(now);
    }
    return true;
  }

  // ---------------------------------------------------------------- sends

  private void startClose(CloseStatus status) {
    ByteBuffer frame = protocol.close(status);
    localClose = status;
    outbound.add(frame, null, 0);
    deadlines.closeBy(loop.now());
    armTimer();
  }

  /** Starts the close handshake; any thread. */
  CompletionStage<Void> close(CloseStatus status) {
    CompletableFuture<Void> promise = new CompletableFuture<>();
    submit(CommandQueue.Command.close(status, promise));
    return promise;
  }

  /** Closes for a server shutdown; on any thread. */
  void shutdown(CloseStatus status) {
    loop.execute(() -> {
      if (phase == Phase.HANDSHAKE) {
        abort(status);
      } else {
        performClose(status, new CompletableFuture<>());
        flush();
      }
    });
  }

  /** Closes at once without a close handshake; on any thread. */
  void forceClose(CloseStatus status) {
    loop.execute(() -> abort(status));
  }

  /** The slow-consumer policy closes the session; on any thread. */
  private void slowConsumerClose() {
    loop.execute(() -> {
      if (phase == Phase.OPEN && protocol.isOpen()) {
        owner.stats().slowConsumerClosed();
        startClose(CloseStatus.of(CloseStatus.POLICY_VIOLATION, "slow consumer"));
        flush();
      }
    });
  }

  /** Queues a send from any thread; see {@link ConnectionSession}. */
  CompletionStage<Void> send(SendKind kind, ByteBuffer payload, boolean last, PreparedMessage prepared,
      boolean copyOffLoop) {
    CompletableFuture<Void> promise = new CompletableFuture<>();
    long size = payload.remaining();
    boolean control = kind.isControl();
    if (!control && !admit(size, promise)) {
      return promise;
    }
    long accounted = control ? 0 : size;
    if (loop.inEventLoop()) {
      // on the loop (a listener answering, a broadcast from a loop handler): encode now, no command to hand over
      performSend(kind, payload, last, prepared, promise, accounted, !copyOffLoop);
      flushSoon();
    } else {
      ByteBuffer owned = copyOffLoop ? copy(payload) : payload;
      submit(new CommandQueue.Command(kind, owned, last, prepared, null, promise, accounted));
    }
    return promise;
  }

  private boolean admit(long size, CompletableFuture<Void> promise) {
    long queued = outbound.queuedBytes();
    if (queued > 0 && queued >= config.outboundBufferLimit() && loop.inEventLoop()) {
      // Writes wait while a read is dispatched or until the loop's flush; before calling the peer slow, give the
      // socket what it takes now.
      boolean wasDispatching = dispatching;
      dispatching = false;
      try {
        flush();
      } finally {
        dispatching = wasDispatching && phase != Phase.CLOSED;
      }
      queued = outbound.queuedBytes();
    }
    if (queued > 0 && queued >= config.outboundBufferLimit()) {
      promise.completeExceptionally(new SlowConsumerException(
          "outbound buffer holds " + queued + " bytes, the limit is " + config.outboundBufferLimit()));
      if (config.slowConsumerPolicy() == SlowConsumerPolicy.CLOSE) {
        slowConsumerClose();
      } else {
        owner.stats().slowConsumerDropped();
      }
      return false;
    }
    outbound.reserve(size);
    return true;
  }

  private static ByteBuffer copy(ByteBuffer source) {
    ByteBuffer copy = ByteBuffer.allocate(source.remaining());
    copy.put(source.duplicate());
    return copy.flip();
  }

  private void submit(CommandQueue.Command command) {
    if (loop.inEventLoop()) {
      perform(command);
      flush();
      return;
    }
    boolean schedule = commands.add(command);
    if (ended) {
      // the loop may have stopped with the server or client: nothing else would drain the queue
      commands.failAll(outbound);
    } else if (schedule) {
      loop.execute(drainCommands);
    }
  }

  private void drainCommands() {
    commands.draining();
    CommandQueue.Command command;
    while ((command = commands.poll()) != null) {
      perform(command);
    }
    // at the end of the loop's batch: drains that other threads scheduled meanwhile share the write
    flushSoon();
  }

  private void perform(CommandQueue.Command command) {
    if (command.close() != null) {
      performClose(command.close(), command.promise());
    } else {
      // a command's payload is the session's own: copied off the caller's thread, or handed over
      performSend(command.kind(), command.payload(), command.last(), command.prepared(), command.promise(),
          command.accounted(), true);
    }
  }

  /**
   * Encodes and queues a send.
   *
   * @param owned whether the payload is the session's to keep until written: then a large whole message is queued
   *     as a header and the payload itself, rather than copied into a frame (one of the passes over each byte of a
   *     4 KiB echo, with the copy into the write buffer and the one out of the read buffer)
   */
  private void performSend(SendKind kind, ByteBuffer payload, boolean last, PreparedMessage prepared,
      CompletableFuture<Void> promise, long accounted, boolean owned) {
    if (phase != Phase.OPEN || !protocol.isOpen()) {
      outbound.release(accounted);
      promise.completeExceptionally(new WsSendException("session is closing or closed"));
      return;
    }
    ByteBuffer header = null;
    ByteBuffer frame;
    try {
      if (owned && (kind == SendKind.TEXT || kind == SendKind.BINARY)
          && payload.remaining() > EventLoop.LARGE_FRAME) {
        header = protocol.headerForUnchanged(kind == SendKind.TEXT, payload);
      }
      frame = header != null ? payload.slice() : kind.encode(protocol, payload, last, prepared);
    } catch (IllegalStateException | IllegalArgumentException e) {
      outbound.release(accounted);
      promise.completeExceptionally(e);
      return;
    }
    if (!kind.isControl()) {
      deadlines.data(loop.now());
      if (last) {
        counters.messageSent();
      }
    }
    if (header != null) {
      outbound.add(header, null, 0);
    }
    outbound.add(frame, promise, accounted);
    if (!reading.pausedForOutbound() && outbound.queuedBytes() >= config.outboundBufferLimit() / 2) {
      reading.pauseForOutbound(true);
      updateReadInterest();
    }
  }

  private void performClose(CloseStatus status, CompletableFuture<Void> promise) {
    closed.whenComplete((ignored, error) -> promise.complete(null));
    if (phase == Phase.OPEN && protocol.isOpen()) {
      try {
        startClose(status);
      } catch (IllegalArgumentException e) {
        promise.completeExceptionally(e);
      }
    }
  }

  // ---------------------------------------------------------------- for the session

  /** The application's view of this connection. */
  WsSession session() {
    return session;
  }

  String id() {
    return session.id();
  }

  InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  boolean isOpen() {
    return open;
  }

  SessionStats stats() {
    return counters.snapshot(outbound.written());
  }

  long bufferedAmount() {
    return outbound.queuedBytes();
  }

  /** Any thread. */
  /** Any thread; see {@link dev.duplex.engine.WsSession#runAfterBatch(Runnable)}. */
  void runAfterBatch(Runnable task) {
    if (loop.inEventLoop()) {
      loop.runAfterBatch(task);
    } else {
      loop.execute(task);
    }
  }

  void suspendReading() {
    reading.suspend();
    onLoop(this::updateReadInterest);
  }

  /** Any thread. */
  void resumeReading() {
    if (reading.resume()) {
      onLoop(this::updateReadInterest);
    }
  }

  private void onLoop(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  @Override
  public String toString() {
    return "Connection[" + session.id() + " " + phase + ", " + remoteAddress + (protocol != null ? ", " + protocol : "")
        + ", " + outbound + "]";
  }
}
