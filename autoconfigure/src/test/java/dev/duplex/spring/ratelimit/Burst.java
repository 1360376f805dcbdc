package dev.duplex.spring.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.support.TestSession;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What came back for a burst of envelopes sent as fast as the client can: how many were answered by their handler
 * and how many rejected as {@code rate_limited}, and how long the whole exchange took, which bounds how many
 * tokens can have been refilled meanwhile.
 */
record Burst(int accepted, int rejected, List<Long> retryAfterMs, long elapsedNanos) {

  /** Sends {@code count} envelopes of {@code type} with ids {@code prefix1..prefixN}, then reads every answer. */
  static Burst send(TestSession session, String type, int count) {
    long start = System.nanoTime();
    for (int i = 1; i <= count; i++) {
      session.send(type, "m" + i, "x");
    }
    int accepted = 0;
    List<Long> retryAfter = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      JsonNode answer = session.nextEnvelope();
      assertThat(answer.path("replyTo").asString()).as("answers come in order").isEqualTo("m" + i);
      if (answer.path("type").asString().equals("error")) {
        assertThat(answer.path("data").path("code").asString()).isEqualTo("rate_limited");
        retryAfter.add(answer.path("data").path("retryAfterMs").asLong());
      } else {
        accepted++;
      }
    }
    return new Burst(accepted, count - accepted, retryAfter, System.nanoTime() - start);
  }

  /**
   * Asserts the accepted count a bucket of {@code burst} refilled at {@code perSecond} allows: at least the burst,
   * at most the burst plus what can have been refilled while the exchange lasted (plus one for the token being
   * refilled at the end).
   */
  Burst assertBucket(int burst, int perSecond) {
    double refilled = perSecond * (elapsedNanos / 1e9);
    assertThat(accepted).as("accepted of %d (elapsed %d ms)", accepted + rejected, elapsedNanos / 1_000_000)
        .isBetween(burst, burst + (int) Math.ceil(refilled) + 1);
    return this;
  }
}
