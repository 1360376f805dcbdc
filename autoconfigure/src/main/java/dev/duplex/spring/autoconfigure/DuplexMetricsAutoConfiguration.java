package dev.duplex.spring.autoconfigure;

import dev.duplex.spring.cluster.BrokerStats;
import dev.duplex.spring.cluster.ClusterBroker;
import dev.duplex.spring.dispatch.SessionServices;
import dev.duplex.spring.messaging.DeliveryPolicy;
import dev.duplex.spring.messaging.DeliveryStats;
import dev.duplex.spring.metrics.ClusterBrokerMetrics;
import dev.duplex.spring.metrics.DispatchMetrics;
import dev.duplex.spring.metrics.DuplexMeterObserver;
import dev.duplex.spring.metrics.DuplexServerMetrics;
import dev.duplex.spring.metrics.HandlerMetricsInterceptor;
import dev.duplex.spring.metrics.HandlerObservationInterceptor;
import dev.duplex.spring.metrics.WsHandlerObservationConvention;
import dev.duplex.spring.server.DuplexServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer instrumentation of Duplex, when Micrometer is on the classpath: the meters (with a
 * {@link MeterRegistry} and {@code duplex.metrics.enabled}), and Observations of handler calls (with an
 * {@link ObservationRegistry} and {@code duplex.metrics.observations=true}).
 */
@AutoConfiguration(after = {DuplexAutoConfiguration.class, DuplexClusterAutoConfiguration.class}, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@EnableConfigurationProperties(DuplexMetricsProperties.class)
public final class DuplexMetricsAutoConfiguration {

  /** The meters. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(MeterRegistry.class)
  @ConditionalOnBooleanProperty(name = "duplex.metrics.enabled", matchIfMissing = true)
  static class MeterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DuplexMeterObserver duplexMeterObserver(MeterRegistry registry, DuplexMetricsProperties properties) {
      return new DuplexMeterObserver(registry, properties.isMessageSizes(), properties.isPercentileHistogram(),
          properties.getMaxTagValues());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DuplexServer.class)
    DuplexServerMetrics duplexServerMetrics(DuplexServer server, DeliveryStats deliveryStats,
        DuplexProperties properties) {
      List<String> droppable = properties.getDelivery().getPolicies().entrySet().stream()
          .filter(entry -> entry.getValue() != DeliveryPolicy.RELIABLE).map(Map.Entry::getKey).toList();
      return new DuplexServerMetrics(server, deliveryStats, droppable);
    }

    /** Also in loop mode, where the gauges stay at zero unless an endpoint chooses the executor (@WsDispatch). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SessionServices.class)
    DispatchMetrics duplexDispatchMetrics(SessionServices services) {
      return new DispatchMetrics(services.dispatcher());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ClusterBroker.class, BrokerStats.class})
    ClusterBrokerMetrics duplexClusterBrokerMetrics(ClusterBroker broker, BrokerStats stats) {
      return new ClusterBrokerMetrics(broker, stats);
    }

    /** Handler timing, unless Observations time the handlers. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "duplex.metrics.observations", havingValue = false, matchIfMissing = true)
    HandlerMetricsInterceptor duplexHandlerMetricsInterceptor(MeterRegistry registry,
        DuplexMetricsProperties properties) {
      return new HandlerMetricsInterceptor(registry, properties.isPercentileHistogram());
    }
  }

  /** Handler calls as Observations, for tracing. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnBooleanProperty("duplex.metrics.observations")
  static class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HandlerObservationInterceptor duplexHandlerObservationInterceptor(ObservationRegistry registry,
        ObjectProvider<WsHandlerObservationConvention> convention) {
      return new HandlerObservationInterceptor(registry, convention.getIfUnique());
    }
  }
}
