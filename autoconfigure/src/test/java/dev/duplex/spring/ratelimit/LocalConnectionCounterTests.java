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
    ConnectionCounter.Permit first = counter.tryAcquire("a", 2);
    assertThat(first).isNotNull();
    assertThat(counter.tryAcquire("a", 2)).isNotNull();
    assertThat(counter.tryAcquire("a", 2)).isNull();
    assertThat(counter.tryAcquire("b", 2)).isNotNull();

    first.release();

    assertThat(counter.tryAcquire("a", 2)).isNotNull();
    assertThat(counter.tryAcquire("a", 2)).isNull();
  }

  @Test
  void aPermitReleasedTwiceGivesBackOnePlace() {
    ConnectionCounter.Permit permit = counter.tryAcquire("a", 2);
    counter.tryAcquire("a", 2);
    permit.release();
    permit.release();

    assertThat(counter.tryAcquire("a", 2)).isNotNull();
    assertThat(counter.tryAcquire("a", 2)).isNull();
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
          if (counter.tryAcquire("hot", 37) != null) {
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
