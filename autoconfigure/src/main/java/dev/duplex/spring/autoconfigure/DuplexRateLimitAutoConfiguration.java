package dev.duplex.spring.autoconfigure;

import dev.duplex.spring.cluster.ClusterBroker;
import dev.duplex.spring.dispatch.EndpointRegistry;
import dev.duplex.spring.ratelimit.ClientConnectionLimitInterceptor;
import dev.duplex.spring.ratelimit.ConnectionCounter;
import dev.duplex.spring.ratelimit.InboundBandwidthFilter;
import dev.duplex.spring.ratelimit.LimitScope;
import dev.duplex.spring.ratelimit.LocalConnectionCounter;
import dev.duplex.spring.ratelimit.MessageRate;
import dev.duplex.spring.ratelimit.MessageRateLimitFilter;
import dev.duplex.spring.ratelimit.MessageRateRules;
import dev.duplex.spring.ratelimit.ScopeLimits;
import dev.duplex.spring.ratelimit.SharedBuckets;
import dev.duplex.spring.ratelimit.UserConnectionLimitInterceptor;
import dev.duplex.spring.ratelimit.redis.RedisConnectionCounter;
import dev.duplex.spring.ratelimit.redis.RedisSharedBuckets;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rate and connection limits ({@code duplex.rate-limit.*}): the message rate filter, the bandwidth filter when a
 * byte rate is set, and the connection caps at the handshake. User and IP buckets and connection counts are kept
 * in Redis with the Redis broker, so that they hold across nodes, else in memory; an application may define
 * {@link SharedBuckets} and {@link ConnectionCounter} beans of its own.
 */
@AutoConfiguration(after = {DuplexAutoConfiguration.class, DuplexClusterAutoConfiguration.class})
@EnableConfigurationProperties(DuplexRateLimitProperties.class)
public final class DuplexRateLimitAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DuplexRateLimitAutoConfiguration.class);

  /** Upper bound of user, IP and handshake buckets kept in memory. */
  static final long MAX_SHARED_BUCKETS = 100_000;

  /** With the Redis broker: user and IP limits and connection caps across every node. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({RedisClient.class, Bucket4jLettuce.class})
  @ConditionalOnBean(RedisClient.class)
  static class RedisLimitsConfiguration {

    /** How long a bucket operation waits for Redis before the node's own buckets answer. */
    static final Duration BUCKET_TIMEOUT = Duration.ofMillis(500);

    @Bean
    @ConditionalOnMissingBean(SharedBuckets.class)
    RedisSharedBuckets duplexRedisSharedBuckets(RedisClient client, DuplexClusterProperties cluster) {
      return new RedisSharedBuckets(client, cluster.getRedis().getKeyPrefix(), BUCKET_TIMEOUT, MAX_SHARED_BUCKETS);
    }

    @Bean
    @ConditionalOnMissingBean(ConnectionCounter.class)
    RedisConnectionCounter duplexRedisConnectionCounter(RedisClient client, DuplexClusterProperties cluster,
        ClusterBroker broker) {
      DuplexClusterProperties.Presence presence = cluster.getPresence();
      return new RedisConnectionCounter(client, cluster.getRedis().getKeyPrefix(), broker.nodeId(),
          presence.getHeartbeatInterval(), presence.getNodeTtl());
    }
  }

  @Bean
  @ConditionalOnMissingBean
  SharedBuckets duplexSharedBuckets() {
    return SharedBuckets.inMemory(MAX_SHARED_BUCKETS);
  }

  @Bean
  @ConditionalOnMissingBean
  ConnectionCounter duplexConnectionCounter() {
    return new LocalConnectionCounter();
  }

  @Bean
  @ConditionalOnMissingBean
  MessageRateRules duplexMessageRateRules(DuplexRateLimitProperties properties) {
    return rules(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  MessageRateLimitFilter duplexMessageRateLimitFilter(MessageRateRules rules, SharedBuckets buckets,
      DuplexRateLimitProperties properties) {
    return new MessageRateLimitFilter(rules, buckets, properties.getAction(), properties.getCloseAfterRejections());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "duplex.rate-limit.bandwidth", name = "bytes-per-second")
  InboundBandwidthFilter duplexInboundBandwidthFilter(DuplexRateLimitProperties properties) {
    DuplexRateLimitProperties.Bandwidth bandwidth = properties.getBandwidth();
    long rate = bandwidth.getBytesPerSecond().toBytes();
    return new InboundBandwidthFilter(rate, bandwidth.getBurst() != null ? bandwidth.getBurst().toBytes() : rate);
  }

  @Bean
  @ConditionalOnMissingBean
  ClientConnectionLimitInterceptor duplexClientConnectionLimitInterceptor(DuplexRateLimitProperties properties,
      SharedBuckets buckets, ConnectionCounter counter) {
    DuplexRateLimitProperties.Connections connections = properties.getConnections();
    return new ClientConnectionLimitInterceptor(properties.getHandshakes().toRate(), buckets, counter,
        connections.getMaxTotal(), connections.getMaxPerIp(), connections.getRetryAfter());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "duplex.rate-limit.connections", name = "max-per-user")
  UserConnectionLimitInterceptor duplexUserConnectionLimitInterceptor(DuplexRateLimitProperties properties,
      ConnectionCounter counter) {
    DuplexRateLimitProperties.Connections connections = properties.getConnections();
    return new UserConnectionLimitInterceptor(counter, connections.getMaxPerUser(), connections.getRetryAfter());
  }

  /**
   * Logs the limits in force, and fails start-up when an endpoint override names no endpoint, which would silently
   * limit nothing.
   */
  @Bean
  static SmartInitializingSingleton duplexRateLimitCheck(ObjectProvider<EndpointRegistry> registry,
      ObjectProvider<MessageRateRules> rules, ObjectProvider<DuplexRateLimitProperties> properties) {
    return () -> {
      log.info("Duplex limits: {}", RateLimitSummary.describe(properties.getObject()));
      EndpointRegistry endpoints = registry.getIfAvailable();
      MessageRateRules configured = rules.getIfAvailable();
      if (endpoints == null || configured == null) {
        return;
      }
      List<String> paths = endpoints.router().paths();
      for (String path : configured.endpointsWithOverrides()) {
        if (!paths.contains(path)) {
          throw new InvalidConfigurationPropertyValueException("duplex.rate-limit.endpoints[" + path + "]", path,
              "no endpoint has this path template; endpoints are " + paths);
        }
      }
    };
  }

  static MessageRateRules rules(DuplexRateLimitProperties properties) {
    Map<LimitScope, ScopeLimits> global = new EnumMap<>(LimitScope.class);
    global.put(LimitScope.SESSION, new ScopeLimits(properties.sessionRate(), rates(properties.getTypes())));
    global.put(LimitScope.USER, limits(properties.getPerUser()));
    global.put(LimitScope.IP, limits(properties.getPerIp()));
    Map<String, Map<LimitScope, ScopeLimits>> endpoints = new LinkedHashMap<>();
    properties.getEndpoints().forEach((path, limits) -> {
      Map<LimitScope, ScopeLimits> byScope = new EnumMap<>(LimitScope.class);
      byScope.put(LimitScope.SESSION, limits(limits));
      byScope.put(LimitScope.USER, limits(limits.getPerUser()));
      byScope.put(LimitScope.IP, limits(limits.getPerIp()));
      endpoints.put(path, byScope);
    });
    return new MessageRateRules(global, endpoints);
  }

  private static ScopeLimits limits(DuplexRateLimitProperties.Scope scope) {
    return new ScopeLimits(scope.toRate(), rates(scope.getTypes()));
  }

  private static Map<String, MessageRate> rates(Map<String, DuplexRateLimitProperties.Rate> types) {
    Map<String, MessageRate> rates = new LinkedHashMap<>();
    types.forEach((type, rate) -> rates.put(type, rate.toRate()));
    return rates;
  }
}
