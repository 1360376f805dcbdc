package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The acceptor on one event loop of its own, without a server: what it does within one readiness and when it
 * closes, observed by holding the loop with tasks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AcceptorTest {

  private final Cleanup cleanup = new Cleanup();
  private final EventLoop loop = new EventLoop("acceptor-test");
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> sockets = new CopyOnWriteArrayList<>();
  private ServerSocketChannel channel;
  private Acceptor acceptor;
  private int port;

  @BeforeEach
  void listen() throws IOException {
    channel = cleanup.add(ServerSocketChannel.open());
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    acceptor = new Acceptor(channel, loop, this::accepted, channel::accept);
    acceptor.register();
    cleanup.add(() -> {
      for (SocketChannel socket : sockets) {
        socket.close();
      }
    });
    loop.start();
    cleanup.add(() -> loop.shutdown(5_000));
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  /** Records each accept, and queues a task at the first one: it runs once the loop is done with the readiness. */
  private void accepted(SocketChannel socket, EventLoop acceptingLoop) {
    sockets.add(socket);
    if (events.isEmpty()) {
      loop.execute(() -> events.add("tasks"));
    }
    events.add(acceptingLoop == loop && loop.inEventLoop() ? "accept" : "accept off the loop");
  }

  @Test
  void oneReadinessAcceptsAtMostItsBoundSoTheLoopGetsBackToItsOtherWork() throws Exception {
    int waiting = Acceptor.MAX_ACCEPTS_PER_READY + 36;
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cleanup.add(release::countDown);
    loop.execute(() -> {
      held.countDown();
      awaitQuietly(release);
    });
    assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < waiting; i++) {
      cleanup.add(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    release.countDown();

    Awaitility.await().atMost(Loopback.TIMEOUT).until(() -> events.size() == waiting + 1);
    assertThat(events.indexOf("tasks")).as("accepts before the loop ran its tasks")
        .isEqualTo(Acceptor.MAX_ACCEPTS_PER_READY);
    assertThat(events).filteredOn("accept"::equals).hasSize(waiting);
  }

  @Test
  void closeReturnsOnlyOnceThePortIsReleasedEvenIfTheLoopDoesNotWaitAgainSoon() throws Exception {
    CountDownLatch closedOnLoop = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cleanup.add(release::countDown);

    loop.execute(() -> {
      acceptor.close();
      // queued after the close: the loop runs both in one batch, with no select between them
      loop.execute(() -> {
        closedOnLoop.countDown();
        awaitQuietly(release);
      });
    });

    assertThat(closedOnLoop.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(acceptor.isOpen()).isFalse();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
