package dev.duplex.spring.cluster;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Redis of the test's own and nodes of {@link ClusterApp} on it under one key prefix; closing it stops the nodes,
 * then Redis. Tests keep one in a static {@code @AutoClose} field, started in {@code @BeforeAll}.
 */
final class TestCluster implements AutoCloseable {

  private final RedisServer redis = RedisServer.start();
  private final String prefix = ClusterApp.newPrefix();
  private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

  /** Starts {@code count} nodes with the same {@code properties}. */
  static TestCluster of(int count, String... properties) {
    TestCluster cluster = new TestCluster();
    for (int i = 0; i < count; i++) {
      cluster.addNode(properties);
    }
    return cluster;
  }

  /** Starts one more node. */
  ConfigurableApplicationContext addNode(String... properties) {
    ConfigurableApplicationContext node = ClusterApp.node(redis, prefix, properties);
    nodes.add(node);
    return node;
  }

  ConfigurableApplicationContext node(int index) {
    return nodes.get(index);
  }

  RedisServer redis() {
    return redis;
  }

  @Override
  public void close() {
    nodes.forEach(ConfigurableApplicationContext::close);
    redis.close();
  }
}
