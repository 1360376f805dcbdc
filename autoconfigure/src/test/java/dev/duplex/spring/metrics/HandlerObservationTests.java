package dev.duplex.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.autoconfigure.DuplexMetricsAutoConfiguration;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.test.DuplexTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Handler calls as Observations: what tracing and the meter handler see. */
class HandlerObservationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexMetricsAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1")
      .withUserConfiguration(ObservedApp.class, Observations.class);

  @Test
  void withObservationsOnEveryHandlerCallIsAnObservationWithLowCardinalityKeys() {
    runner.withPropertyValues("duplex.metrics.observations=true").run(context -> {
      assertThat(context).hasSingleBean(HandlerObservationInterceptor.class)
          .doesNotHaveBean(HandlerMetricsInterceptor.class);
      Recorder recorder = context.getBean(Recorder.class);
      try (DuplexTestClient chat = DuplexTestClient.connect(context.getBean(DuplexServer.class).port(),
          "/chat/lobby")) {
        chat.request("chat.send", Map.of("text", "hi"));
        chat.request("chat.fail", Map.of("text", "hi"));
      }
      List<Observation.Context> stopped = recorder.stopped;
      assertThat(stopped).extracting(Observation.Context::getContextualName)
          .containsExactly("ws /chat/{room} open", "ws /chat/{room} chat.send", "ws /chat/{room} chat.fail");
      Observation.Context send = stopped.get(1);
      assertThat(send.getName()).isEqualTo("duplex.handler");
      assertThat(send.getLowCardinalityKeyValues().stream().map(kv -> kv.getKey() + "=" + kv.getValue()))
          .containsExactlyInAnyOrder("endpoint=/chat/{room}", "kind=message", "type=chat.send", "outcome=success");
      assertThat(send.getHighCardinalityKeyValue("duplex.session")).isNotNull();
      assertThat(stopped.get(2).getError()).isInstanceOf(IllegalStateException.class);
      assertThat(stopped.get(2).getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("error");
      assertThat(recorder.scopeOpenDuringHandler).as("the handler runs in the observation's scope").isTrue();

      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get("duplex.handler").tags("type", "chat.send", "outcome", "success").timer().count())
          .as("the meter handler's timer").isEqualTo(1);
    });
  }

  @Test
  void observationsAreOffByDefaultAndDuplexTimesHandlersItself() {
    runner.run(context -> assertThat(context).doesNotHaveBean(HandlerObservationInterceptor.class)
        .hasSingleBean(HandlerMetricsInterceptor.class));
  }

  @Test
  void aConventionOfTheApplicationRenamesTheObservations() {
    runner.withPropertyValues("duplex.metrics.observations=true")
        .withBean(WsHandlerObservationConvention.class, () -> new DefaultWsHandlerObservationConvention() {
          @Override
          public String getName() {
            return "chat.handler";
          }
        })
        .run(context -> {
          try (DuplexTestClient chat = DuplexTestClient.connect(context.getBean(DuplexServer.class).port(),
              "/chat/lobby")) {
            chat.request("chat.send", Map.of("text", "hi"));
          }
          assertThat(context.getBean(Recorder.class).stopped).extracting(Observation.Context::getName)
              .containsOnly("chat.handler");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class Observations {

    @Bean
    Recorder recorder() {
      return new Recorder();
    }

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    ObservationRegistry observationRegistry(Recorder recorder, MeterRegistry meters) {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(recorder)
          .observationHandler(new DefaultMeterObservationHandler(meters));
      recorder.registry = registry;
      return registry;
    }
  }

  /** Keeps the contexts of stopped observations, and checks that a handler runs in the current observation. */
  static final class Recorder implements ObservationHandler<Observation.Context> {

    final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    volatile ObservationRegistry registry;
    volatile boolean scopeOpenDuringHandler;

    @Override
    public void onScopeOpened(Observation.Context context) {
      scopeOpenDuringHandler = registry.getCurrentObservation() != null;
    }

    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }
}
