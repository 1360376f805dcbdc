package dev.duplex.spring.autoconfigure;

import dev.duplex.engine.WsConfig;
import dev.duplex.spring.actuate.DuplexEndpoint;
import dev.duplex.spring.actuate.DuplexEndpointWebExtension;
import dev.duplex.spring.actuate.DuplexServerHealthIndicator;
import dev.duplex.spring.dispatch.EndpointRegistry;
import dev.duplex.spring.dispatch.SessionServices;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.SessionRegistry;
import java.lang.management.ManagementFactory;
import java.util.Map;
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
@AutoConfiguration(after = DuplexAutoConfiguration.class)
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
        WsConfig config, SessionServices services, DuplexActuatorProperties properties) {
      return new DuplexEndpoint(server, endpoints::router, registry, config, services,
          ManagementFactory.getRuntimeMXBean().getName(), properties.getTopRooms(),
          properties.getSessionsPageSize());
    }

    @Bean
    @ConditionalOnMissingBean
    DuplexEndpointWebExtension duplexEndpointWebExtension(DuplexEndpoint endpoint) {
      return new DuplexEndpointWebExtension(endpoint);
    }
  }

  /** The {@code duplex} health contributor: the server now, a cluster broker later, each a component. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthContributor.class)
  @ConditionalOnBean(DuplexServer.class)
  @ConditionalOnEnabledHealthIndicator("duplex")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "duplexHealthContributor")
    HealthContributor duplexHealthContributor(DuplexServer server) {
      return CompositeHealthContributor.fromMap(Map.of("server", new DuplexServerHealthIndicator(server)));
    }
  }
}
