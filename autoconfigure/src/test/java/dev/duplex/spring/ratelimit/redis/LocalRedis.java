package dev.duplex.spring.ratelimit.redis;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;

/** The Redis on 127.0.0.1:6379 that `.ci/run` makes sure is running; tests fail, not skip, without it. */
final class LocalRedis {

  static final String URI = "redis://127.0.0.1:6379";

  private LocalRedis() {
  }

  /** A client of the local Redis, after checking that it answers. */
  static RedisClient client() {
    RedisClient client = RedisClient.create(URI);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().ping();
    } catch (RedisException e) {
      client.shutdown();
      fail("these tests need a Redis on 127.0.0.1:6379 (bash .ci/run starts one): " + e.getMessage());
    }
    return client;
  }

  /** A key prefix no other test uses, so that tests share the Redis without seeing each other's keys. */
  static String uniquePrefix() {
    return "duplex-test-" + UUID.randomUUID();
  }
}
