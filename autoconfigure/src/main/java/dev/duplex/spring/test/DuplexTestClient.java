package dev.duplex.spring.test;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.engine.transport.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client for tests of Duplex endpoints: it speaks the JSON envelope, correlates requests with their
 * replies, and waits for messages with a timeout.
 *
 * <pre>{@code
 * try (DuplexTestClient client = DuplexTestClient.connect(port, "/chat/lobby")) {
 *   JsonNode reply = client.request("chat.send", Map.of("text", "hi"));
 *   assertThat(reply.at("/data/text").asString()).isEqualTo("hi");
 *   JsonNode pushed = client.awaitEnvelope("chat.message");
 * }
 * }</pre>
 *
 * <p>Every received message is kept in an inbox, in order of arrival, until an {@code await...} method (or
 * {@link #request}) takes it. Each await takes the first message that matches and leaves the others where they
 * are, so a message that arrives before the one a test waits for is never lost: a later await finds it.
 *
 * <p>An await that finds nothing within the timeout (5 s unless {@link #withTimeout(Duration) changed}) throws an
 * {@link AssertionError} that lists what did arrive; when the session has closed, it fails at once instead of
 * waiting. Sends fail the same way when the session is closed.
 *
 * <p>The client accepts messages up to 64 MiB, so that it is never the side that limits a test, and offers
 * permessage-deflate like a browser; {@link #connect(URI, ConnectOptions, WsConfig)} changes either. Thread-safe.
 */
public final class DuplexTestClient implements AutoCloseable {

  /** How long awaits wait unless {@link #withTimeout(Duration)} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final int MAX_MESSAGE = 64 << 20;
  private static final WsConfig CONFIG = WsConfig.builder()
      .protocolLimits(ProtocolLimits.builder().maxMessageSize(MAX_MESSAGE).maxFrameSize(MAX_MESSAGE).build())
      .outboundBufferLimit(4L * MAX_MESSAGE)
      .build();
  private static final int SHOWN_CHARS = 200;

  private final URI uri;
  private final WsClient client;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Received> inbox = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile JsonMapper mapper = JsonMapper.builder().build();
  private volatile Duration timeout = DEFAULT_TIMEOUT;
  private volatile WsSession session;
  private CloseStatus closeStatus;
  private int taken;

  private DuplexTestClient(URI uri, WsClient client) {
    this.uri = uri;
    this.client = client;
  }

  /** Connects to {@code ws://127.0.0.1:port} + {@code path}, such as {@code connect(port, "/chat/lobby?x=1")}. */
  public static DuplexTestClient connect(int port, String path) {
    return connect(URI.create("ws://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path)));
  }

  public static DuplexTestClient connect(URI uri) {
    return connect(uri, ConnectOptions.defaults());
  }

  /** Connects with subprotocols or extra handshake headers, such as {@code Authorization}. */
  public static DuplexTestClient connect(URI uri, ConnectOptions options) {
    return connect(uri, options, CONFIG);
  }

  /**
   * Connects with the client's own engine configuration, for example without permessage-deflate:
   * {@code defaultConfig().toBuilder().deflate(DeflateConfig.disabled()).build()}.
   *
   * @throws dev.duplex.engine.WsHandshakeException when the server refuses the handshake (its status is kept)
   * @throws UncheckedIOException when the connection cannot be made
   * @throws AssertionError when the handshake does not complete within {@link #DEFAULT_TIMEOUT}
   */
  public static DuplexTestClient connect(URI uri, ConnectOptions options, WsConfig config) {
    WsClient client = WsClient.builder().name("duplex-test").config(config).build();
    DuplexTestClient testClient = new DuplexTestClient(uri, client);
    try {
      testClient.session = client.connect(uri, options, testClient.new Listener())
          .get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return testClient;
    } catch (ExecutionException e) {
      client.close(Duration.ZERO);
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof IOException io) {
        throw new UncheckedIOException("cannot connect to " + uri + ": " + io.getMessage(), io);
      }
      throw new IllegalStateException("cannot connect to " + uri, cause);
    } catch (TimeoutException e) {
      client.close(Duration.ZERO);
      throw new AssertionError("WebSocket handshake with " + uri + " did not complete within " + DEFAULT_TIMEOUT);
    } catch (InterruptedException e) {
      client.close(Duration.ZERO);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + uri, e);
    }
  }

  /**
   * The engine configuration {@code connect} uses unless given one: the engine's client defaults (which offer
   * permessage-deflate, as browsers do), with messages up to 64 MiB.
   */
  public static WsConfig defaultConfig() {
    return CONFIG;
  }

  /** Sets how long awaits, requests and sends wait; returns this client. */
  public DuplexTestClient withTimeout(Duration awaitTimeout) {
    Objects.requireNonNull(awaitTimeout, "timeout");
    if (awaitTimeout.isNegative() || awaitTimeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + awaitTimeout);
    }
    this.timeout = awaitTimeout;
    return this;
  }

  /**
   * Sets the Jackson mapper that writes the {@code data} of sent envelopes and reads received ones, such as the
   * application's own {@code JsonMapper} bean; returns this client.
   */
  public DuplexTestClient withMapper(JsonMapper jsonMapper) {
    this.mapper = Objects.requireNonNull(jsonMapper, "mapper");
    return this;
  }

  /**
   * Sends the envelope {@code {"type": type, "id": <fresh id>, "data": data}} and waits for the envelope that
   * answers it, the one whose {@code replyTo} is that id: the handler's reply (same type) or an {@code error}.
   *
   * @param data converted to JSON by Jackson; {@code null} leaves {@code data} out
   * @return the whole answering envelope, {@code type}, {@code replyTo} and {@code data}
   */
  public JsonNode request(String type, Object data) {
    String id = Long.toString(ids.incrementAndGet());
    sendEnvelope(type, id, data);
    return take(message -> message.envelope(mapper) != null
            && id.equals(message.envelope(mapper).path("replyTo").asString(null)),
        "the answer to request " + id + " (type '" + type + "')").envelope(mapper);
  }

  /** Sends the envelope {@code {"type": type, "data": data}}, without an id: the server answers with no replyTo. */
  public void send(String type, Object data) {
    sendEnvelope(type, null, data);
  }

  /** Sends a text message as it is, for raw handlers or to test what the server does with invalid envelopes. */
  public void sendText(String text) {
    await(session().sendText(text), "send of text " + shorten(text));
  }

  public void sendBinary(byte[] data) {
    await(session().sendBinary(ByteBuffer.wrap(data)), "send of " + data.length + " binary bytes");
  }

  /**
   * Waits for the first received envelope of {@code type} not yet taken, including replies and (with
   * {@code "error"}) errors; envelopes of other types stay in the inbox.
   *
   * @return the whole envelope
   */
  public JsonNode awaitEnvelope(String type) {
    return take(message -> message.envelope(mapper) != null
            && type.equals(message.envelope(mapper).path("type").asString(null)),
        "an envelope of type '" + type + "'").envelope(mapper);
  }

  /** Waits for the first text message not yet taken, envelope or not, and returns it as it arrived. */
  public String awaitText() {
    return take(Received::isText, "a text message").text;
  }

  /** Waits for the first binary message not yet taken. */
  public byte[] awaitBinary() {
    return take(message -> !message.isText(), "a binary message").binary.clone();
  }

  /** Waits until the session has closed, by either side, and returns its status. Leaves the inbox as it is. */
  public CloseStatus awaitClose() {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (closeStatus == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("The session with " + uri + " did not close within " + timeout + "; "
              + describeInbox());
        }
        changed.awaitNanos(left);
      }
      return closeStatus;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the session to close", e);
    } finally {
      lock.unlock();
    }
  }

  /** Whether the session is open: no close frame sent or received yet. */
  public boolean isOpen() {
    WsSession current = session;
    return current != null && current.isOpen();
  }

  /** The engine session, for what this class does not offer (pings, fragments, a close code of your choice). */
  public WsSession session() {
    return session;
  }

  /** Messages received and not taken yet, oldest first: text as it arrived, binary as {@code byte[]}. */
  public List<Object> unconsumed() {
    lock.lock();
    try {
      return inbox.stream().map(message -> message.isText() ? (Object) message.text : message.binary.clone())
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the session with 1000, waits for the close handshake up to the timeout, and stops the client. */
  @Override
  public void close() {
    try {
      WsSession current = session;
      if (current != null && current.isOpen()) {
        current.close(CloseStatus.NORMAL).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      // the session is closed below regardless
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close(Duration.ofSeconds(1));
    }
  }

  private void sendEnvelope(String type, String id, Object data) {
    Objects.requireNonNull(type, "type");
    Map<String, Object> envelope = new LinkedHashMap<>(4);
    envelope.put("type", type);
    if (id != null) {
      envelope.put("id", id);
    }
    if (data != null) {
      envelope.put("data", data);
    }
    String text = mapper.writeValueAsString(envelope);
    await(session().sendText(text), "send of " + shorten(text));
  }

  private void await(CompletionStage<Void> send, String what) {
    try {
      send.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("The " + what + " to " + uri + " failed: " + e.getCause().getMessage() + "; "
          + describeInbox(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("The " + what + " to " + uri + " did not complete within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during the " + what, e);
    }
  }

  private Received take(Predicate<Received> matching, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        for (Iterator<Received> it = inbox.iterator(); it.hasNext(); ) {
          Received message = it.next();
          if (matching.test(message)) {
            it.remove();
            taken++;
            return message;
          }
        }
        if (closeStatus != null) {
          throw new AssertionError("Expected " + what + " from " + uri + ", but the session closed first; "
              + describeInbox());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Expected " + what + " from " + uri + " within " + timeout + "; "
              + describeInbox());
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } finally {
      lock.unlock();
    }
  }

  /** "received and not taken (2): [text {...}, binary 12 bytes]; taken before: 3; session open". */
  private String describeInbox() {
    lock.lock();
    try {
      StringBuilder description = new StringBuilder("received and not taken (").append(inbox.size()).append("): ");
      description.append(inbox.stream().map(Received::toString).toList());
      description.append("; taken before: ").append(taken);
      description.append(closeStatus == null ? "; session open" : "; session closed with " + closeStatus);
      return description.toString();
    } finally {
      lock.unlock();
    }
  }

  private static String shorten(String text) {
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "... (" + text.length()
        + " chars)";
  }

  private void receive(Received message) {
    lock.lock();
    try {
      inbox.add(message);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "DuplexTestClient[" + uri + ", " + describeInbox() + "]";
  }

  /** Fills the inbox from the engine's callbacks. */
  private final class Listener implements WsListener {

    @Override
    public void onTextBytes(WsSession ignored, ByteBuffer utf8) {
      receive(new Received(StandardCharsets.UTF_8.decode(utf8).toString(), null));
    }

    @Override
    public void onBinary(WsSession ignored, ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      receive(new Received(null, bytes));
    }

    @Override
    public void onClose(WsSession ignored, CloseStatus status) {
      lock.lock();
      try {
        closeStatus = status;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** A received message; a text message is parsed as an envelope once, when an await first asks. */
  private static final class Received {

    private final String text;
    private final byte[] binary;
    private boolean parsed;
    private JsonNode envelope;

    Received(String text, byte[] binary) {
      this.text = text;
      this.binary = binary;
    }

    boolean isText() {
      return text != null;
    }

    /** The message as an envelope (a JSON object with a string type), or {@code null}. Called under the lock. */
    JsonNode envelope(JsonMapper mapper) {
      if (!parsed && text != null) {
        parsed = true;
        try {
          JsonNode tree = mapper.readTree(text);
          if (tree != null && tree.isObject() && tree.path("type").isString()) {
            envelope = tree;
          }
        } catch (JacksonException e) {
          envelope = null;
        }
      }
      return envelope;
    }

    @Override
    public String toString() {
      return text != null ? "text " + shorten(text) : "binary " + binary.length + " bytes";
    }
  }
}
