package dev.duplex.engine.transport;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Records every callback in queues that a test can wait on, and optionally echoes each message back. One instance
 * may serve many sessions; the queues then hold what all of them received. Subclasses that add behaviour call
 * {@code super} to keep the record.
 */
class RecordingListener implements WsListener {

  final BlockingQueue<WsSession> opened = new LinkedBlockingQueue<>();
  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
  final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();
  final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
  private final boolean echo;

  RecordingListener() {
    this(false);
  }

  private RecordingListener(boolean echo) {
    this.echo = echo;
  }

  /** Sends every text and binary message back unchanged. */
  static RecordingListener echoing() {
    return new RecordingListener(true);
  }

  @Override
  public void onOpen(WsSession session) {
    opened.add(session);
  }

  @Override
  public void onText(WsSession session, String text) {
    texts.add(text);
    if (echo) {
      session.sendText(text);
    }
  }

  @Override
  public void onBinary(WsSession session, ByteBuffer data) {
    binaries.add(bytes(data));
    if (echo) {
      session.sendBinary(data);
    }
  }

  @Override
  public void onPing(WsSession session, ByteBuffer payload) {
    pings.add(bytes(payload));
  }

  @Override
  public void onPong(WsSession session, ByteBuffer payload) {
    pongs.add(bytes(payload));
  }

  @Override
  public void onClose(WsSession session, CloseStatus status) {
    closes.add(status);
  }

  @Override
  public void onError(WsSession session, Throwable error) {
    errors.add(error);
  }

  WsSession awaitSession() {
    return Loopback.next(opened, "session opened");
  }

  String nextText() {
    return Loopback.next(texts, "text message");
  }

  byte[] nextBinary() {
    return Loopback.next(binaries, "binary message");
  }

  CloseStatus awaitClose() {
    return Loopback.next(closes, "onClose");
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
