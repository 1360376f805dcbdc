package dev.duplex.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** One client connection whose received messages and close status tests wait for, with a timeout. */
public final class TestSession implements WsListener {

  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private volatile WsSession session;
  private volatile long closedAt;

  @Override
  public void onOpen(WsSession opened) {
    this.session = opened;
  }

  @Override
  public void onText(WsSession ignored, String text) {
    texts.add(text);
  }

  @Override
  public void onBinary(WsSession ignored, ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binaries.add(bytes);
  }

  @Override
  public void onClose(WsSession ignored, CloseStatus status) {
    closedAt = System.nanoTime();
    closed.complete(status);
  }

  public WsSession session() {
    return session;
  }

  public void send(String text) {
    session.sendText(text);
  }

  /** Sends the envelope {@code {"type": type, "id": id, "data": data}}. */
  public void send(String type, String id, Object data) {
    session.sendText(Json.envelope(type, id, data));
  }

  public void sendBinary(byte[] data) {
    session.sendBinary(ByteBuffer.wrap(data));
  }

  /** The next text message; fails the test when none arrives in time. */
  public String nextText() {
    try {
      String text = texts.poll(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(text).as("text message within %s", WsTestClient.TIMEOUT).isNotNull();
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next text message, parsed as an envelope. */
  public JsonNode nextEnvelope() {
    return Json.parse(nextText());
  }

  public byte[] nextBinary() {
    try {
      byte[] data = binaries.poll(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(data).as("binary message within %s", WsTestClient.TIMEOUT).isNotNull();
      return data;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Text messages received and not taken yet. */
  public int pendingTexts() {
    return texts.size();
  }

  /** The status the session ended with; fails the test when it does not end in time. */
  public CloseStatus awaitClose() {
    try {
      return closed.get(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("session did not close within " + WsTestClient.TIMEOUT, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** {@link System#nanoTime()} when the session ended. */
  public long closedAt() {
    return closedAt;
  }

  public void close(CloseStatus status) {
    session.close(status);
  }
}
