package dev.duplex.spring.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalConnectionCounterTests {

  private final LocalConnectionCounter counter = new LocalConnectionCounter();

  @Test
  void countsUpToTheCapPerKeyAndAReleaseMakesRoom() {
    assertThat(counter.tryAcquire("a", 2)).isTrue();
    assertThat(counter.tryAcquire("a", 2)).isTrue();
    assertThat(counter.tryAcquire("a", 2)).isFalse();
    assertThat(counter.tryAcquire("b", 2)).isTrue();

    counter.release("a");

    assertThat(counter.tryAcquire("a", 2)).isTrue();
    assertThat(counter.tryAcquire("a", 2)).isFalse();
  }

  @Test
  void aKeyReleasedToZeroStartsAfresh() {
    counter.tryAcquire("a", 1);
    counter.release("a");
    counter.release("a");

    assertThat(counter.tryAcquire("a", 1)).isTrue();
    assertThat(counter.tryAcquire("a", 1)).isFalse();
  }

  @Test
  void concurrentAcquisitionsNeverPassTheCap() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger acquired = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (int i = 0; i < 1000; i++) {
        pool.execute(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (counter.tryAcquire("hot", 37)) {
            acquired.incrementAndGet();
          }
        });
      }
      start.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acquired).hasValue(37);
  }
}
