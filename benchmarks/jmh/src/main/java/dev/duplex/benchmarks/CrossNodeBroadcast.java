package dev.duplex.benchmarks;

import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.engine.transport.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-node broadcast through a cluster broker: one client sends on node A's {@code /broadcast}, receivers on
 * node B's {@code /broadcast} take every message. After a warm-up ({@value #WARM_UP_MESSAGES} messages as fast as
 * the window allows, not reported), two phases, both bounded in count and time:
 *
 * <ol>
 *   <li>latency: messages at a fixed, low rate; each carries its send time (this JVM's clock, which the receivers
 *       share), and the time to the first receiver on B is recorded;
 *   <li>throughput: as fast as a window of messages in flight allows (a message leaves the window when the last
 *       receiver on B has it), reported as messages per second published and deliveries per second on B.
 * </ol>
 *
 * <pre>
 * java -cp benchmarks/jmh/target/benchmarks.jar dev.duplex.benchmarks.CrossNodeBroadcast \
 *     ws://127.0.0.1:8081/broadcast ws://127.0.0.1:8082/broadcast [receivers=10] [messages=50000] [size=128]
 * </pre>
 */
public final class CrossNodeBroadcast {

  private static final int WARM_UP_MESSAGES = 20_000;
  private static final int LATENCY_MESSAGES = 5_000;
  private static final int LATENCY_RATE = 1_000;
  private static final int WINDOW = 1_000;
  private static final Duration PHASE_LIMIT = Duration.ofSeconds(120);

  private CrossNodeBroadcast() {
  }

  public static void main(String[] args) throws Exception {
    URI nodeA = URI.create(args[0]);
    URI nodeB = URI.create(args[1]);
    int receivers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int messages = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
    int size = args.length > 4 ? Integer.parseInt(args[4]) : 128;
    WsConfig config = WsConfig.builder().deflate(DeflateConfig.disabled()).build();
    try (WsClient client = WsClient.builder().config(config).name("cross-node").build()) {
      Receivers onB = new Receivers(receivers, Math.max(WARM_UP_MESSAGES, Math.max(LATENCY_MESSAGES, messages)));
      List<WsSession> sessions = new ArrayList<>();
      for (int i = 0; i < receivers; i++) {
        sessions.add(client.connect(nodeB, ConnectOptions.defaults(), onB.listener(i)).get(10, TimeUnit.SECONDS));
      }
      WsSession sender = client.connect(nodeA, ConnectOptions.defaults(), new WsListener() { })
          .get(10, TimeUnit.SECONDS);
      warmUp(sender, onB);
      throughput(sender, onB, WARM_UP_MESSAGES, size);
      onB.reset();

      long[] latencies = latency(sender, onB, size);
      Arrays.sort(latencies);
      System.out.printf(Locale.ROOT, "latency A->B, %d messages at %d/s, %d B: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
          latencies.length, LATENCY_RATE, size, millis(latencies, 0.50), millis(latencies, 0.99),
          latencies[latencies.length - 1] / 1e6);

      long took = throughput(sender, onB, messages, size);
      double seconds = took / 1e9;
      System.out.printf(Locale.ROOT, "throughput A->B, %d messages of %d B to %d receivers: %.0f msg/s published, "
          + "%.0f deliveries/s on B (%.2f s)%n", messages, size, receivers, messages / seconds,
          (double) messages * receivers / seconds, seconds);
      sender.close(dev.duplex.engine.CloseStatus.of(1000, "done"));
      sessions.forEach(session -> session.close(dev.duplex.engine.CloseStatus.of(1000, "done")));
    }
  }

  /** Sends until a message reaches B, so that B is subscribed before anything is measured. */
  private static void warmUp(WsSession sender, Receivers onB) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (onB.firstArrivals.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no message from A reached B in 10 s: is the broker redis on both?");
      }
      sender.sendText("w");
      Thread.sleep(50);
    }
    Thread.sleep(500);
    onB.reset();
  }

  private static long[] latency(WsSession sender, Receivers onB, int size) throws InterruptedException {
    long interval = TimeUnit.SECONDS.toNanos(1) / LATENCY_RATE;
    long start = System.nanoTime();
    for (int i = 0; i < LATENCY_MESSAGES; i++) {
      long due = start + i * interval;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      sender.sendText(message(i, size));
    }
    onB.awaitAll(LATENCY_MESSAGES);
    return onB.latencies(LATENCY_MESSAGES);
  }

  private static long throughput(WsSession sender, Receivers onB, int messages, int size)
      throws InterruptedException {
    onB.reset();
    onB.window = new Semaphore(WINDOW);
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      if (!onB.window.tryAcquire(PHASE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("messages stopped arriving on B after " + i);
      }
      sender.sendText(message(i, size));
    }
    onB.awaitAll(messages);
    return System.nanoTime() - start;
  }

  /** {@code seq:sentAtNanos:} padded to {@code size}. */
  private static String message(int sequence, int size) {
    StringBuilder text = new StringBuilder(size).append(sequence).append(':').append(System.nanoTime()).append(':');
    while (text.length() < size) {
      text.append('x');
    }
    return text.toString();
  }

  private static double millis(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
  }

  /** The receivers on B: the first one's arrival times, and how many receivers have each message. */
  private static final class Receivers {

    private final int count;
    private final long[] arrivals;
    private final int[] copies;
    private final AtomicLong firstArrivals = new AtomicLong();
    private final AtomicLong complete = new AtomicLong();
    private volatile CountDownLatch done = new CountDownLatch(0);
    private volatile Semaphore window;

    Receivers(int count, int capacity) {
      this.count = count;
      this.arrivals = new long[capacity];
      this.copies = new int[capacity];
    }

    WsListener listener(int index) {
      return new WsListener() {
        @Override
        public void onText(WsSession session, String text) {
          received(index, text, System.nanoTime());
        }
      };
    }

    private synchronized void received(int index, String text, long now) {
      int colon = text.indexOf(':');
      if (colon < 0) {
        firstArrivals.incrementAndGet();
        return;
      }
      int sequence = Integer.parseInt(text, 0, colon, 10);
      long sentAt = Long.parseLong(text, colon + 1, text.indexOf(':', colon + 1), 10);
      if (index == 0) {
        arrivals[sequence] = now - sentAt;
      }
      if (++copies[sequence] == count) {
        complete.incrementAndGet();
        done.countDown();
        if (window != null) {
          window.release();
        }
      }
    }

    synchronized void reset() {
      Arrays.fill(copies, 0);
      Arrays.fill(arrivals, 0);
      complete.set(0);
      window = null;
    }

    void awaitAll(int messages) throws InterruptedException {
      CountDownLatch latch;
      synchronized (this) {
        latch = new CountDownLatch((int) Math.max(0, messages - complete.get()));
        done = latch;
      }
      if (!latch.await(PHASE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("only " + complete.get() + " of " + messages + " reached every receiver");
      }
    }

    synchronized long[] latencies(int messages) {
      return Arrays.copyOf(arrivals, messages);
    }
  }
}
