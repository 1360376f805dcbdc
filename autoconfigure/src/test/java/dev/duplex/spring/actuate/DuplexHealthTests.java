package dev.duplex.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.autoconfigure.DuplexActuatorAutoConfiguration;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code duplex} health contributor: up while accepting, out of service while draining, down when stopped. */
class DuplexHealthTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexActuatorAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1")
      .withUserConfiguration(dev.duplex.spring.metrics.ObservedApp.class);

  @Test
  void upWithTheSessionCountWhileAccepting() {
    runner.run(context -> {
      DuplexServer server = context.getBean(DuplexServer.class);
      try (DuplexTestClient one = DuplexTestClient.connect(server.port(), "/echo");
          DuplexTestClient two = DuplexTestClient.connect(server.port(), "/raw")) {
        Health health = serverHealth(context);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "accepting").containsEntry("port", server.port())
            .containsEntry("sessions", 2L);
      }
    });
  }

  @Test
  void outOfServiceWhileDrainingAndDownWhenStopped() {
    runner.run(context -> {
      DuplexServer server = context.getBean(DuplexServer.class);
      server.server().stopAccepting();
      assertThat(serverHealth(context).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(serverHealth(context).getDetails()).containsEntry("state", "draining");
      server.stop();
      Health stopped = serverHealth(context);
      assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
      assertThat(stopped.getDetails()).containsEntry("state", "stopped");
    });
  }

  @Test
  void theContributorIsNamedDuplexAndCanBeSwitchedOff() {
    runner.run(context -> assertThat(context).hasBean("duplexHealthContributor"));
    runner.withPropertyValues("management.health.duplex.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("duplexHealthContributor"));
  }

  @Test
  void withoutSpringBootHealthThereIsNoContributor() {
    runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("duplexHealthContributor"));
  }

  private static Health serverHealth(AssertableApplicationContext context) {
    CompositeHealthContributor duplex = context.getBean("duplexHealthContributor", CompositeHealthContributor.class);
    return ((HealthIndicator) duplex.getContributor("server")).health();
  }
}
