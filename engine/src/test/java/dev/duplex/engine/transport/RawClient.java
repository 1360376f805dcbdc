package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A client that speaks WebSocket by hand over a plain TCP socket: it sends exactly the bytes a test gives it, and
 * it does only what the test tells it to, such as never answering a ping or never reading.
 *
 * <p>Blocking reads give up after {@link Loopback#TIMEOUT}. The channel can be switched to non-blocking mode
 * for writes that must not block; reads need blocking mode.
 */
final class RawClient implements AutoCloseable {

  /** Socket options to set before connecting. */
  interface Options {
    void apply(SocketChannel channel) throws IOException;
  }

  private final SocketChannel channel;
  private final BufferedInputStream in;
  private final OutputStream out;

  private RawClient(SocketChannel channel) throws IOException {
    this.channel = channel;
    channel.socket().setSoTimeout((int) Loopback.TIMEOUT.toMillis());
    this.in = new BufferedInputStream(channel.socket().getInputStream());
    this.out = channel.socket().getOutputStream();
  }

  static RawClient connect(int port) throws IOException {
    return connect(port, channel -> { });
  }

  static RawClient connect(int port, Options options) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      options.apply(channel);
      channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return new RawClient(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Sends a valid opening handshake for {@code path} and checks that the server switched protocols. */
  RawClient upgrade(String path) throws IOException {
    String key = Wire.newKey();
    write(Wire.upgradeRequest(path, key));
    Wire.Response response = readResponse();
    assertThat(response.status()).as("status of the answer to the opening handshake").isEqualTo(101);
    assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(Wire.acceptKey(key));
    return this;
  }

  SocketChannel channel() {
    return channel;
  }

  void write(String ascii) throws IOException {
    write(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void sendText(String text) throws IOException {
    write(Wire.maskedText(text));
  }

  Wire.Response readResponse() throws IOException {
    return Wire.readResponse(in);
  }

  Wire.Frame readFrame() throws IOException {
    return Wire.readFrame(in);
  }

  /**
   * Whether the server closed the connection in order: the next read finds the end of the stream, within
   * {@link Loopback#TIMEOUT}. A byte that arrives instead is left to be read.
   */
  boolean isClosedByPeer() throws IOException {
    in.mark(1);
    try {
      if (in.read() == -1) {
        return true;
      }
      in.reset();
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
