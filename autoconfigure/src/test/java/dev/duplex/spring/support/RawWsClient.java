package dev.duplex.spring.support;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain blocking socket, for tests that need a peer which completes the opening handshake
 * and then reads only when told to. Its receive buffer is kept small, so that a server sending to it feels TCP
 * push back soon.
 */
public final class RawWsClient implements Closeable {

  /** A frame as the server sent it (servers never mask). */
  public record Frame(int opcode, boolean fin, byte[] payload) {

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWsClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1 and completes the opening handshake for {@code path}. */
  public static RawWsClient connect(int port, String path, int receiveBufferBytes) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBufferBytes);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
    RawWsClient client = new RawWsClient(socket);
    client.handshake(port, path);
    return client;
  }

  private void handshake(int port, String path) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET " + path + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = RawHandshake.readHead(in);
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + head);
    }
  }

  /** Reads the next frame, waiting at most the test timeout. */
  public Frame readFrame() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if ((second & 0x80) != 0) {
      throw new IOException("server frames must not be masked");
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame(first & 0x0F, (first & 0x80) != 0, payload);
  }

  /** Reads frames until the next text frame, skipping pings and pongs. */
  public String readText() throws IOException {
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == 0x1) {
        return frame.text();
      }
      if (frame.opcode() == 0x8) {
        throw new IOException("server closed the connection: " + frame);
      }
    }
  }

  public void setReadTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
