package dev.duplex.spring.autoconfigure;

import dev.duplex.engine.WsConfig;
import dev.duplex.spring.actuate.DuplexEndpoint;
import dev.duplex.spring.actuate.DuplexEndpointWebExtension;
import dev.duplex.spring.actuate.ClusterBrokerHealthIndicator;
import dev.duplex.spring.actuate.DuplexServerHealthIndicator;
import dev.duplex.spring.cluster.ClusterBroker;
import dev.duplex.spring.cluster.ClusterNode;
import dev.duplex.spring.dispatch.EndpointRegistry;
import dev.duplex.spring.dispatch.SessionServices;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.SessionRegistry;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code duplex} Actuator endpoint, when Actuator is on the classpath and the endpoint is available
 * (enabled and exposed), and the {@code duplex} health contributor, when Spring Boot's health support is on the
 * classpath ({@code management.health.duplex.enabled} switches it off).
 */
@AutoConfiguration(after = {DuplexAutoConfiguration.class, DuplexClusterAutoConfiguration.class})
@EnableConfigurationProperties(DuplexActuatorProperties.class)
public final class DuplexActuatorAutoConfiguration {

  /** The {@code duplex} endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
  @ConditionalOnBean(DuplexServer.class)
  @ConditionalOnAvailableEndpoint(DuplexEndpoint.class)
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DuplexEndpoint duplexEndpoint(DuplexServer server, EndpointRegistry endpoints, SessionRegistry registry,
        WsConfig config, SessionServices services, DuplexActuatorProperties properties,
        ObjectProvider<ClusterBroker> broker) {
      ClusterBroker cluster = broker.getIfAvailable();
      String nodeId = cluster != null ? cluster.nodeId() : ManagementFactory.getRuntimeMXBean().getName();
      Supplier<List<ClusterNode>> nodes = cluster != null ? cluster::nodes
          : () -> List.of(new ClusterNode(nodeId, true));
      return new DuplexEndpoint(server, endpoints::router, registry, config, services, nodeId, nodes,
          properties.getTopRooms(), properties.getSessionsPageSize());
    }

    @Bean
    @ConditionalOnMissingBean
    DuplexEndpointWebExtension duplexEndpointWebExtension(DuplexEndpoint endpoint) {
      return new DuplexEndpointWebExtension(endpoint);
    }
  }

  /** The {@code duplex} health contributor: the server and the cluster broker, each a component. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthContributor.class)
  @ConditionalOnBean(DuplexServer.class)
  @ConditionalOnEnabledHealthIndicator("duplex")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "duplexHealthContributor")
    HealthContributor duplexHealthContributor(DuplexServer server, ObjectProvider<ClusterBroker> broker) {
      Map<String, HealthContributor> components = new LinkedHashMap<>();
      components.put("server", new DuplexServerHealthIndicator(server));
      broker.ifAvailable(available -> components.put("broker", new ClusterBrokerHealthIndicator(available)));
      return CompositeHealthContributor.fromMap(components);
    }
  }
}
