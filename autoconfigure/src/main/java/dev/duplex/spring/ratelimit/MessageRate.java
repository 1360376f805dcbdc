package dev.duplex.spring.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * A token-bucket rate: {@code perSecond} tokens refill continuously, up to {@code burst}. A rate of 0 is no limit.
 *
 * @param perSecond average events per second; 0 for no limit
 * @param burst events allowed at once after a quiet period
 */
public record MessageRate(int perSecond, int burst) {

  public MessageRate {
    if (perSecond < 0 || burst < 1) {
      throw new IllegalArgumentException("perSecond must be >= 0 and burst >= 1, were " + perSecond + ", " + burst);
    }
  }

  /**
   * The rate configured by two optional values: none when {@code perSecond} is not set, and a burst of twice the
   * rate when {@code burst} is not.
   */
  public static MessageRate of(Integer perSecond, Integer burst) {
    if (perSecond == null) {
      return null;
    }
    return new MessageRate(perSecond, burst != null ? burst : Math.max(1, 2 * perSecond));
  }

  public boolean isUnlimited() {
    return perSecond == 0;
  }

  /** The bucket's configuration; refills greedily, so that tokens come back evenly rather than once a second. */
  public BucketConfiguration configuration() {
    return BucketConfiguration.builder().addLimit(bandwidth()).build();
  }

  /** A new in-memory bucket of this rate, full. */
  public Bucket newBucket() {
    return Bucket.builder().addLimit(bandwidth()).build();
  }

  private Bandwidth bandwidth() {
    return Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
  }

  @Override
  public String toString() {
    return isUnlimited() ? "unlimited" : perSecond + "/s (burst " + burst + ")";
  }
}
