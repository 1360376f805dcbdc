package dev.duplex.spring.autoconfigure;

import dev.duplex.spring.cluster.BrokerStats;
import dev.duplex.spring.cluster.ClusterBroker;
import dev.duplex.spring.cluster.DuplexClusterNode;
import dev.duplex.spring.cluster.LocalClusterBroker;
import dev.duplex.spring.cluster.WsPresence;
import dev.duplex.spring.cluster.WsRoomHistory;
import dev.duplex.spring.cluster.redis.RedisBrokerSettings;
import dev.duplex.spring.cluster.redis.RedisClusterBroker;
import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.session.SessionRegistry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Cluster mode: the {@link ClusterBroker} chosen by {@code duplex.cluster.broker} ({@code local}, the default, or
 * {@code redis}), and over it the node's {@link WsMessenger}, {@link WsRoomHistory} and {@link WsPresence}. With
 * {@code redis} it also exposes the Lettuce {@link RedisClient} it connects with, built from
 * {@code spring.data.redis.*}, for other cluster-wide features. Every bean backs off when the application defines
 * its own.
 */
@AutoConfiguration(before = DuplexAutoConfiguration.class)
@EnableConfigurationProperties(DuplexClusterProperties.class)
public final class DuplexClusterAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  BrokerStats duplexBrokerStats() {
    return new BrokerStats();
  }

  @Bean
  @ConditionalOnMissingBean
  DuplexClusterNode duplexClusterNode(ClusterBroker broker, SessionRegistry registry, EnvelopeCodec codec,
      DeliveryPolicies policies, DuplexClusterProperties properties) {
    return new DuplexClusterNode(broker, registry, codec, policies, new DuplexClusterNode.Options(
        properties.getHistory().isEnabled(), properties.getPresence().isEnabled(),
        properties.getPresence().isEvents()));
  }

  @Bean
  @ConditionalOnMissingBean
  WsMessenger duplexClusterMessenger(DuplexClusterNode node) {
    return node.messenger();
  }

  @Bean
  @ConditionalOnMissingBean
  WsRoomHistory duplexRoomHistory(DuplexClusterNode node) {
    return node.history();
  }

  @Bean
  @ConditionalOnMissingBean
  WsPresence duplexPresence(DuplexClusterNode node) {
    return node.presence();
  }

  static String nodeId(DuplexClusterProperties properties) {
    if (properties.getNodeId() != null && !properties.getNodeId().isBlank()) {
      return properties.getNodeId();
    }
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return ManagementFactory.getRuntimeMXBean().getName() + "-" + HexFormat.of().formatHex(random);
  }

  /** The in-memory broker of a single node. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(ClusterBrokerCondition.Local.class)
  static class LocalBrokerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClusterBroker duplexClusterBroker(DuplexClusterProperties properties) {
      return new LocalClusterBroker(nodeId(properties), properties.getHistory().getMaxLength(),
          properties.getHistory().getMaxAge(), Clock.systemUTC());
    }
  }

  /** The Redis broker, over Lettuce. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(ClusterBrokerCondition.Redis.class)
  @ConditionalOnClass(RedisClient.class)
  static class RedisBrokerConfiguration {

    /** How long a command may wait for Redis unless {@code spring.data.redis.timeout} says otherwise. */
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    RedisClient duplexRedisClient(Environment environment) {
      SpringDataRedisSettings settings = Binder.get(environment)
          .bindOrCreate("spring.data.redis", SpringDataRedisSettings.class);
      RedisClient client = RedisClient.create(settings.toUri());
      Duration timeout = settings.getTimeout() != null ? settings.getTimeout() : DEFAULT_COMMAND_TIMEOUT;
      SocketOptions.Builder socket = SocketOptions.builder();
      if (settings.getConnectTimeout() != null) {
        socket.connectTimeout(settings.getConnectTimeout());
      }
      client.setOptions(ClientOptions.builder()
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .timeoutOptions(TimeoutOptions.enabled(timeout))
          .socketOptions(socket.build())
          .build());
      return client;
    }

    @Bean
    @ConditionalOnMissingBean
    ClusterBroker duplexClusterBroker(RedisClient client, DuplexClusterProperties properties, BrokerStats stats) {
      DuplexClusterProperties.Presence presence = properties.getPresence();
      DuplexClusterProperties.History history = properties.getHistory();
      return new RedisClusterBroker(client, nodeId(properties), new RedisBrokerSettings(
          properties.getRedis().getKeyPrefix(), presence.getHeartbeatInterval(), presence.getNodeTtl(),
          history.getMaxLength(), history.getMaxAge()), stats);
    }
  }

  /** {@code duplex.cluster.broker=redis} without Lettuce: start-up fails and says what is missing. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(ClusterBrokerCondition.Redis.class)
  @ConditionalOnMissingClass("io.lettuce.core.RedisClient")
  static class MissingLettuceConfiguration {

    @Bean
    ClusterBroker duplexClusterBroker() {
      throw new IllegalStateException(
          "duplex.cluster.broker=redis needs Lettuce (io.lettuce:lettuce-core) on the classpath");
    }
  }
}
