package dev.duplex.engine.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;

/**
 * A TLS client whose records a test controls: it drives its own {@link SSLEngine} over a plain blocking
 * {@link Socket}, holds the ciphertext it produces until there is a reason to send it, and then writes it in
 * chunks of a chosen size, one write (and one TCP segment, with {@code TCP_NODELAY}) per chunk. A chunk size of 1
 * delivers every record to the server a byte at a time; odd sizes cut records and their headers anywhere.
 *
 * <p>The plaintext the server sends is read through {@link #in()}, which ends with -1 only when the server sent
 * close_notify; a TCP end of stream without it is a truncation and throws {@link EOFException}.
 */
final class TlsEngineClient implements AutoCloseable {

  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private final Socket socket;
  private final InputStream rawIn;
  private final OutputStream rawOut;
  private final SSLEngine engine;
  private final int chunkSize;
  private final byte[] readChunk = new byte[16 * 1024];
  private ByteBuffer netIn;
  private ByteBuffer netOut;
  private ByteBuffer appIn;
  private long cipherBytesSent;
  private long writes;

  private TlsEngineClient(Socket socket, SSLEngine engine, int chunkSize) throws IOException {
    this.socket = socket;
    this.rawIn = socket.getInputStream();
    this.rawOut = socket.getOutputStream();
    this.engine = engine;
    this.chunkSize = chunkSize;
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocate(packet);
    this.netOut = ByteBuffer.allocate(packet);
    this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
  }

  /**
   * Connects to {@code 127.0.0.1:port}; nothing is sent until {@link #handshake()}.
   *
   * @param protocols the TLS versions to enable, or none for the context's defaults
   */
  static TlsEngineClient connect(int port, SSLContext context, int chunkSize, String... protocols)
      throws IOException {
    SSLEngine engine = context.createSSLEngine("127.0.0.1", port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (protocols.length > 0) {
      parameters.setProtocols(protocols);
    }
    engine.setSSLParameters(parameters);
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Loopback.TIMEOUT.toMillis());
      return new TlsEngineClient(socket, engine, chunkSize);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Runs the TLS handshake; the client's last flight stays buffered, to go out with the first data. */
  TlsEngineClient handshake() throws IOException {
    engine.beginHandshake();
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_WRAP -> wrap(NOTHING);
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (unwrap().getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new EOFException("server closed during the TLS handshake");
          }
        }
        case NEED_TASK -> runTasks();
        default -> {
          return this;
        }
      }
    }
  }

  String protocol() {
    return engine.getSession().getProtocol();
  }

  /** Encrypts {@code plaintext} and sends it, with anything still buffered, in chunks. */
  void write(byte[] plaintext) throws IOException {
    ByteBuffer src = ByteBuffer.wrap(plaintext);
    while (src.hasRemaining()) {
      wrap(src);
    }
    flush();
  }

  /** Sends close_notify, and only that: the TCP connection stays open in both directions. */
  void sendCloseNotify() throws IOException {
    engine.closeOutbound();
    while (!engine.isOutboundDone()) {
      wrap(NOTHING);
    }
    flush();
  }

  /** Whether the server's close_notify has arrived. */
  boolean closeNotifyReceived() {
    return engine.isInboundDone();
  }

  /** Ciphertext bytes written so far. */
  long cipherBytesSent() {
    return cipherBytesSent;
  }

  /** Writes (and flushes) of ciphertext so far. */
  long writes() {
    return writes;
  }

  /** The server's plaintext. */
  InputStream in() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (appIn.position() == 0) {
          if (engine.isInboundDone()) {
            return -1;
          }
          SSLEngineResult result = unwrap();
          afterData(result);
          if (result.getStatus() == SSLEngineResult.Status.CLOSED && appIn.position() == 0) {
            return -1;
          }
        }
        appIn.flip();
        int n = Math.min(len, appIn.remaining());
        appIn.get(b, off, n);
        appIn.compact();
        return n;
      }
    };
  }

  /** Answers what the engine needs after post-handshake messages (key updates, a TLS 1.2 close_notify reply). */
  private void afterData(SSLEngineResult result) throws IOException {
    SSLEngineResult.HandshakeStatus status = result.getHandshakeStatus();
    while (status == SSLEngineResult.HandshakeStatus.NEED_TASK
        || status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
      if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
        runTasks();
      } else if (wrap(NOTHING).getStatus() == SSLEngineResult.Status.CLOSED && netOut.position() == 0) {
        break;
      }
      status = engine.getHandshakeStatus();
    }
    flush();
  }

  private SSLEngineResult wrap(ByteBuffer src) throws IOException {
    while (true) {
      SSLEngineResult result = engine.wrap(src, netOut);
      if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        netOut = grow(netOut, engine.getSession().getPacketBufferSize());
        continue;
      }
      if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
        runTasks();
      }
      return result;
    }
  }

  private SSLEngineResult unwrap() throws IOException {
    while (true) {
      netIn.flip();
      SSLEngineResult result;
      try {
        result = engine.unwrap(netIn, appIn);
      } finally {
        netIn.compact();
      }
      switch (result.getStatus()) {
        case BUFFER_UNDERFLOW -> {
          // the server answers what was sent: send what is buffered before waiting for it
          flush();
          readMore();
        }
        case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
        default -> {
          if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
          }
          return result;
        }
      }
    }
  }

  private void readMore() throws IOException {
    int n = rawIn.read(readChunk);
    if (n < 0) {
      throw new EOFException("TCP stream ended without close_notify");
    }
    if (netIn.remaining() < n) {
      netIn = grow(netIn, n);
    }
    netIn.put(readChunk, 0, n);
  }

  /** Writes the buffered ciphertext, {@code chunkSize} bytes per write. */
  void flush() throws IOException {
    netOut.flip();
    byte[] cipher = new byte[netOut.remaining()];
    netOut.get(cipher);
    netOut.clear();
    for (int offset = 0; offset < cipher.length; offset += chunkSize) {
      rawOut.write(Arrays.copyOfRange(cipher, offset, Math.min(cipher.length, offset + chunkSize)));
      rawOut.flush();
      writes++;
    }
    cipherBytesSent += cipher.length;
  }

  private void runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private static ByteBuffer grow(ByteBuffer buffer, int more) {
    ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() + more);
    buffer.flip();
    bigger.put(buffer);
    return bigger;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
