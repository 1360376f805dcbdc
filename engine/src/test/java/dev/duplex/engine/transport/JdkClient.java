package dev.duplex.engine.transport;

import dev.duplex.engine.CloseStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;

/**
 * The JDK's {@link WebSocket}, an independent implementation, wrapped to record what it receives: whole messages
 * (parts reassembled), pings, pongs, the close status and errors. It asks for the next message after each one,
 * since the JDK delivers nothing more until it is asked.
 */
final class JdkClient implements WebSocket.Listener, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
  final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  final CompletableFuture<Throwable> error = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private WebSocket webSocket;

  private JdkClient() {
  }

  static JdkClient connect(URI uri) {
    JdkClient client = new JdkClient();
    client.webSocket = Loopback.await(
        HTTP.newWebSocketBuilder().connectTimeout(Loopback.TIMEOUT).buildAsync(uri, client), "JDK connect");
    return client;
  }

  static JdkClient connect(Cleanup cleanup, URI uri) {
    return cleanup.add(connect(uri));
  }

  /** Connects to a {@code wss://} URI, trusting what {@code trust} trusts. */
  static JdkClient connect(Cleanup cleanup, SSLContext trust, URI uri) {
    HttpClient http = HttpClient.newBuilder().sslContext(trust).connectTimeout(Loopback.TIMEOUT).build();
    JdkClient client = new JdkClient();
    client.webSocket = Loopback.await(http.newWebSocketBuilder().buildAsync(uri, client), "JDK connect to " + uri);
    return cleanup.add(client);
  }

  WebSocket webSocket() {
    return webSocket;
  }

  void sendText(String message) {
    Loopback.await(webSocket.sendText(message, true), "JDK sendText");
  }

  void sendBinary(byte[] message) {
    Loopback.await(webSocket.sendBinary(ByteBuffer.wrap(message), true), "JDK sendBinary");
  }

  String nextText() {
    return Loopback.next(texts, "text message at the JDK client");
  }

  byte[] nextBinary() {
    return Loopback.next(binaries, "binary message at the JDK client");
  }

  CloseStatus awaitClose() {
    return Loopback.await(closed, "JDK onClose");
  }

  @Override
  public void onOpen(WebSocket ws) {
    ws.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      texts.add(text.toString());
      text.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    byte[] part = RecordingListener.bytes(data);
    binary.write(part, 0, part.length);
    if (last) {
      binaries.add(binary.toByteArray());
      binary.reset();
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
    pings.add(RecordingListener.bytes(message));
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    pongs.add(RecordingListener.bytes(message));
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closed.complete(CloseStatus.of(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable failure) {
    error.complete(failure);
  }

  @Override
  public void close() {
    if (webSocket != null) {
      webSocket.abort();
    }
  }
}
