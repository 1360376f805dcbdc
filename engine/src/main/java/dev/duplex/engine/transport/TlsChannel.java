package dev.duplex.engine.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A non-blocking socket seen through an {@link SSLEngine}: reads return plaintext, writes take plaintext, and
 * the TLS handshake runs inside both as records arrive and leave.
 *
 * <p>Ciphertext is buffered only while it has to be: the part of a record still waiting for the rest of it, and
 * records the socket did not take yet. Both buffers are dropped when empty, so an idle TLS connection holds none.
 * Once the first handshake is done, a peer that starts another one (TLS 1.2 renegotiation) fails the connection;
 * TLS 1.3 post-handshake messages (tickets, key updates) are processed as usual.
 */
final class TlsChannel implements ByteChannel, GatheringByteChannel {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final ByteBuffer[] NOTHING = {EMPTY};

  private final SocketChannel socket;
  private final SSLEngine engine;
  private ByteBuffer netIn = EMPTY;
  private ByteBuffer netOut = EMPTY;
  private boolean handshakeDone;
  private boolean inboundDone;

  TlsChannel(SocketChannel socket, SSLEngine engine) throws SSLException {
    this.socket = socket;
    this.engine = engine;
    engine.beginHandshake();
  }

  /** Whether the first TLS handshake has completed. */
  boolean handshakeDone() {
    return handshakeDone;
  }

  /** Whether ciphertext is waiting for the socket, or the handshake has something to send. */
  boolean wantsWrite() {
    return netOut.hasRemaining() || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
  }

  /**
   * Whether a whole record is buffered, taken from the socket but not yet read because the caller's buffer was
   * full. The selector will not report it: the caller must read again without waiting for the socket.
   */
  boolean hasBufferedRecord() {
    int start = netIn.position();
    return netIn.remaining() >= 5
        && netIn.remaining() >= 5 + (((netIn.get(start + 3) & 0xFF) << 8) | (netIn.get(start + 4) & 0xFF));
  }

  SSLSession session() {
    return engine.getSession();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (inboundDone) {
      return -1;
    }
    int produced = 0;
    while (true) {
      if (netIn.hasRemaining()) {
        SSLEngineResult result = engine.unwrap(netIn, dst);
        produced += result.bytesProduced();
        afterEngine(result);
        switch (result.getStatus()) {
          case OK:
            if (dst.hasRemaining()) {
              continue;
            }
            return produced;
          case CLOSED:
            inboundDone = true;
            return produced > 0 ? produced : -1;
          case BUFFER_OVERFLOW:
            if (produced == 0) {
              throw new SSLException("read buffer smaller than a TLS record");
            }
            return produced;
          case BUFFER_UNDERFLOW:
          default:
            break;
        }
      }
      int read = readMore();
      if (read < 0) {
        inboundDone = true;
        engine.closeInbound();
        return produced > 0 ? produced : -1;
      }
      if (read == 0) {
        if (!netIn.hasRemaining()) {
          netIn = EMPTY;
        }
        return produced;
      }
    }
  }

  /** Reads ciphertext after what is already buffered. */
  private int readMore() throws IOException {
    int packet = engine.getSession().getPacketBufferSize();
    if (netIn.capacity() - netIn.limit() < packet / 4) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(packet, netIn.remaining() + packet));
      bigger.put(netIn).flip();
      netIn = bigger;
    }
    int start = netIn.position();
    netIn.position(netIn.limit()).limit(netIn.capacity());
    int read = socket.read(netIn);
    netIn.limit(netIn.position()).position(start);
    return read;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return (int) write(new ByteBuffer[] {src}, 0, 1);
  }

  @Override
  public long write(ByteBuffer[] srcs) throws IOException {
    return write(srcs, 0, srcs.length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    if (!flushNetOut()) {
      return 0;
    }
    progressHandshake();
    if (!handshakeDone) {
      flushNetOut();
      return 0;
    }
    long consumed = 0;
    while (remaining(srcs, offset, length) > 0) {
      SSLEngineResult result = wrap(srcs, offset, length);
      consumed += result.bytesConsumed();
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new IOException("TLS connection is closed for writing");
      }
      if (!flushNetOut()) {
        break;
      }
    }
    return consumed;
  }

  /**
   * Writes buffered ciphertext and anything the handshake has to send.
   *
   * @return true when nothing is left waiting for the socket
   */
  boolean flush() throws IOException {
    if (!flushNetOut()) {
      return false;
    }
    progressHandshake();
    return flushNetOut();
  }

  private boolean flushNetOut() throws IOException {
    while (netOut.hasRemaining()) {
      if (socket.write(netOut) == 0) {
        return false;
      }
    }
    netOut = EMPTY;
    return true;
  }

  private void progressHandshake() throws IOException {
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> runTasks();
        case NEED_WRAP -> afterEngine(wrap(NOTHING, 0, 1));
        case NOT_HANDSHAKING, FINISHED -> {
          handshakeDone = true;
          return;
        }
        default -> {
          return;
        }
      }
    }
  }

  private void afterEngine(SSLEngineResult result) throws IOException {
    SSLEngineResult.HandshakeStatus status = result.getHandshakeStatus();
    if (status == SSLEngineResult.HandshakeStatus.FINISHED) {
      handshakeDone = true;
      return;
    }
    if (status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
      return;
    }
    // A TLS 1.2 close_notify also asks for a wrap (the reply): that is a closure, not a renegotiation.
    if (handshakeDone && result.getStatus() != SSLEngineResult.Status.CLOSED
        && !"TLSv1.3".equals(engine.getSession().getProtocol())) {
      throw new SSLException("TLS renegotiation refused");
    }
    progressHandshake();
  }

  private void runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length) throws SSLException {
    while (true) {
      int packet = engine.getSession().getPacketBufferSize();
      if (netOut.capacity() - netOut.limit() < packet) {
        ByteBuffer bigger = ByteBuffer.allocate(netOut.remaining() + packet);
        bigger.put(netOut).flip();
        netOut = bigger;
      }
      int start = netOut.position();
      netOut.position(netOut.limit()).limit(netOut.capacity());
      SSLEngineResult result = engine.wrap(srcs, offset, length, netOut);
      netOut.limit(netOut.position()).position(start);
      if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
        return result;
      }
      ByteBuffer bigger = ByteBuffer.allocate(netOut.remaining() + 2 * packet);
      bigger.put(netOut).flip();
      netOut = bigger;
    }
  }

  private static long remaining(ByteBuffer[] buffers, int offset, int length) {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += buffers[i].remaining();
    }
    return total;
  }

  /** Sends close_notify, as far as the socket takes it without waiting. */
  void closeOutbound() {
    try {
      engine.closeOutbound();
      if (!engine.isOutboundDone()) {
        wrap(NOTHING, 0, 1);
      }
      flushNetOut();
    } catch (IOException e) {
      // the peer is gone or the socket full; the socket is about to close anyway
    }
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() throws IOException {
    closeOutbound();
    socket.close();
  }

  @Override
  public String toString() {
    return "TlsChannel[" + engine.getSession().getProtocol() + ", handshake " + (handshakeDone ? "done" : "running")
        + ", " + netIn.remaining() + " bytes in, " + netOut.remaining() + " bytes out]";
  }
}
