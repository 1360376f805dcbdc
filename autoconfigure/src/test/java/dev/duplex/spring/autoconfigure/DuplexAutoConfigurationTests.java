package dev.duplex.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.SlowConsumerPolicy;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.transport.WsServer;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.dispatch.DispatchMode;
import dev.duplex.spring.dispatch.EndpointMappingException;
import dev.duplex.spring.dispatch.EndpointRegistry;
import dev.duplex.spring.dispatch.HandlerDispatcher;
import dev.duplex.spring.dispatch.SessionServices;
import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.DeliveryPolicy;
import dev.duplex.spring.messaging.DeliveryStats;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.messaging.LocalMessenger;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.resolve.ArgumentResolvers;
import dev.duplex.spring.resolve.BeanValidationPayloadValidator;
import dev.duplex.spring.resolve.PayloadValidator;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.server.ShutdownPlan;
import dev.duplex.spring.session.SessionRegistry;
import jakarta.validation.Valid;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class DuplexAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1");

  private final ApplicationContextRunner withJacksonAndValidation = runner.withConfiguration(
      AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class));

  @Test
  void defaultsGiveEveryBeanAndARunningServer() {
    withJacksonAndValidation.run(context -> {
      assertThat(context).hasNotFailed()
          .hasSingleBean(SessionRegistry.class)
          .hasSingleBean(EnvelopeCodec.class)
          .hasSingleBean(DeliveryStats.class)
          .hasSingleBean(DeliveryPolicies.class)
          .hasSingleBean(ArgumentResolvers.class)
          .hasSingleBean(SessionServices.class)
          .hasSingleBean(EndpointRegistry.class)
          .hasSingleBean(WsConfig.class)
          .hasSingleBean(DuplexServer.class)
          .hasBean(DuplexAutoConfiguration.HANDLER_EXECUTOR);
      assertThat(context).getBean(WsMessenger.class).isInstanceOf(LocalMessenger.class);
      assertThat(context).getBean(PayloadValidator.class).isInstanceOf(BeanValidationPayloadValidator.class);
      DuplexServer server = context.getBean(DuplexServer.class);
      assertThat(server.isRunning()).isTrue();
      assertThat(server.port()).isPositive();
      assertThat(context.getEnvironment().getProperty("local.duplex.port", Integer.class)).isEqualTo(server.port());
    });
  }

  @Test
  void defaultsAreSafeForAPublicServer() {
    runner.run(context -> {
      WsConfig config = context.getBean(WsConfig.class);
      assertThat(config.protocolLimits().maxMessageSize()).isEqualTo(1 << 20);
      assertThat(config.protocolLimits().maxFrameSize()).isEqualTo(1 << 20);
      assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(config.outboundBufferLimit()).isEqualTo(4 << 20);
      assertThat(config.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.CLOSE);
      SessionServices services = context.getBean(SessionServices.class);
      assertThat(services.maxPending()).isEqualTo(64);
      assertThat(services.dispatcher().executor()).isSameAs(context.getBean(DuplexAutoConfiguration.HANDLER_EXECUTOR));
      assertThat(services.dispatcher().maxRunners()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    });
  }

  @Test
  void envelopesUseTheApplicationJsonMapper() {
    withJacksonAndValidation.run(context -> assertThat(context.getBean(EnvelopeCodec.class).mapper())
        .isSameAs(context.getBean(JsonMapper.class)));
  }

  @Test
  void withoutAJsonMapperBeanEnvelopesUseAPlainOne() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(JsonMapper.class);
      assertThat(context.getBean(EnvelopeCodec.class).mapper()).isNotNull();
    });
  }

  @Test
  void backsOffFromAUserMessenger() {
    WsMessenger mine = new LocalMessenger(new SessionRegistry(), new EnvelopeCodec(JsonMapper.builder().build()),
        new DeliveryPolicies(Map.of()));
    runner.withBean("myMessenger", WsMessenger.class, () -> mine)
        .run(context -> assertThat(context).getBean(WsMessenger.class).isSameAs(mine));
  }

  @Test
  void backsOffFromAUserCodec() {
    EnvelopeCodec mine = new EnvelopeCodec(JsonMapper.builder().build());
    runner.withBean("myCodec", EnvelopeCodec.class, () -> mine).run(context -> {
      assertThat(context).getBean(EnvelopeCodec.class).isSameAs(mine);
      assertThat(context.getBean(SessionServices.class).codec()).isSameAs(mine);
    });
  }

  @Test
  void backsOffFromAUserRegistry() {
    SessionRegistry mine = new SessionRegistry();
    runner.withBean("myRegistry", SessionRegistry.class, () -> mine).run(context -> {
      assertThat(context).getBean(SessionRegistry.class).isSameAs(mine);
      assertThat(context.getBean(SessionServices.class).registry()).isSameAs(mine);
    });
  }

  @Test
  void backsOffFromAUserWsConfigAndServesWithIt() {
    WsConfig mine = WsConfig.builder()
        .protocolLimits(ProtocolLimits.builder().maxMessageSize(4096).maxFrameSize(4096).build())
        .build();
    runner.withBean("myWsConfig", WsConfig.class, () -> mine).run(context -> {
      assertThat(context).getBean(WsConfig.class).isSameAs(mine);
      assertThat(context.getBean(DuplexServer.class).server().config()).isSameAs(mine);
    });
  }

  @Test
  void backsOffFromAUserServer() {
    ShutdownPlan plan = new ShutdownPlan(1001, Duration.ofSeconds(1), 10, Duration.ZERO, Duration.ZERO,
        Duration.ZERO);
    DuplexServer mine = new DuplexServer(() -> WsServer.builder().port(0).address(InetAddress.getLoopbackAddress())
        .handler((request, connection) -> HandshakeDecision.reject(404, "none")).build(), plan, "mine", port -> { });
    runner.withBean("myServer", DuplexServer.class, () -> mine).run(context -> {
      assertThat(context).hasSingleBean(DuplexServer.class);
      assertThat(context).getBean(DuplexServer.class).isSameAs(mine);
      assertThat(mine.isRunning()).isTrue();
    });
  }

  @Test
  void backsOffFromAUserExecutorOfTheSameName() {
    Executor mine = Runnable::run;
    runner.withBean(DuplexAutoConfiguration.HANDLER_EXECUTOR, Executor.class, () -> mine).run(context -> {
      assertThat(context).getBean(DuplexAutoConfiguration.HANDLER_EXECUTOR).isSameAs(mine);
      assertThat(context.getBean(SessionServices.class).dispatcher().executor()).isSameAs(mine);
      assertThat(context.getBean(SessionServices.class).dispatcher().maxRunners())
          .as("an executor of unknown size").isEqualTo(HandlerDispatcher.UNBOUNDED);
    });
    runner.withBean(DuplexAutoConfiguration.HANDLER_EXECUTOR, Executor.class, () -> mine)
        .withPropertyValues("duplex.dispatch.threads=3")
        .run(context -> assertThat(context.getBean(SessionServices.class).dispatcher().maxRunners()).isEqualTo(3));
  }

  @Test
  void keepsItsExecutorBesideAUserExecutorOfAnotherName() {
    Executor other = Runnable::run;
    runner.withBean("applicationTaskExecutor", Executor.class, () -> other).run(context -> {
      assertThat(context).hasBean(DuplexAutoConfiguration.HANDLER_EXECUTOR);
      assertThat(context.getBean(SessionServices.class).dispatcher().executor()).isNotSameAs(other);
    });
  }

  @Test
  void bindsEveryPropertyGroupAndHandsItToTheEngine() {
    runner.withPropertyValues(
        "duplex.server.io-threads=3",
        "duplex.server.backlog=64",
        "duplex.limits.max-message-size=2MB",
        "duplex.limits.max-frame-size=64KB",
        "duplex.limits.max-handshake-size=4KB",
        "duplex.limits.max-handshake-headers=20",
        "duplex.limits.handshake-timeout=3s",
        "duplex.limits.idle-timeout=5m",
        "duplex.limits.close-timeout=750ms",
        "duplex.heartbeat.ping-interval=25s",
        "duplex.heartbeat.pong-timeout=4s",
        "duplex.outbound.buffer-limit=256KB",
        "duplex.outbound.slow-consumer-policy=drop",
        "duplex.dispatch.mode=loop",
        "duplex.dispatch.threads=5",
        "duplex.dispatch.max-pending=16",
        "duplex.shutdown.timeout=7s",
        "duplex.shutdown.close-code=service-restart",
        "duplex.shutdown.batch-size=25",
        "duplex.shutdown.batch-interval=40ms",
        "duplex.shutdown.reconnect-delay-min=2s",
        "duplex.shutdown.reconnect-delay-max=9s",
        "duplex.delivery.policies.typing=volatile",
        "duplex.delivery.policies.cursor=LATEST",
        "duplex.compression.enabled=false",
        "duplex.compression.level=3",
        "duplex.compression.threshold=1KB").run(context -> {
          assertThat(context).hasNotFailed();
          DuplexProperties properties = context.getBean(DuplexProperties.class);
          assertThat(properties.getServer().getPort()).isZero();
          assertThat(properties.getServer().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
          assertThat(properties.getServer().getIoThreads()).isEqualTo(3);
          assertThat(properties.getServer().getBacklog()).isEqualTo(64);
          assertThat(properties.getLimits().getMaxHandshakeSize()).isEqualTo(DataSize.ofKilobytes(4));
          assertThat(properties.getDispatch().getThreads()).isEqualTo(5);
          DuplexProperties.Shutdown shutdown = properties.getShutdown();
          assertThat(shutdown.getTimeout()).isEqualTo(Duration.ofSeconds(7));
          assertThat(shutdown.getCloseCode()).isEqualTo(DuplexProperties.ShutdownCloseCode.SERVICE_RESTART);
          assertThat(shutdown.getCloseCode().code()).isEqualTo(1012);
          assertThat(shutdown.getBatchSize()).isEqualTo(25);
          assertThat(shutdown.getBatchInterval()).isEqualTo(Duration.ofMillis(40));
          assertThat(shutdown.getReconnectDelayMin()).isEqualTo(Duration.ofSeconds(2));
          assertThat(shutdown.getReconnectDelayMax()).isEqualTo(Duration.ofSeconds(9));

          WsConfig config = context.getBean(WsConfig.class);
          assertThat(config.protocolLimits().maxMessageSize()).isEqualTo(2 << 20);
          assertThat(config.protocolLimits().maxFrameSize()).isEqualTo(64 << 10);
          assertThat(config.handshakeLimits().maxHeadBytes()).isEqualTo(4 << 10);
          assertThat(config.handshakeLimits().maxHeaders()).isEqualTo(20);
          assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
          assertThat(config.closeTimeout()).isEqualTo(Duration.ofMillis(750));
          assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(25));
          assertThat(config.pongTimeout()).isEqualTo(Duration.ofSeconds(4));
          assertThat(config.outboundBufferLimit()).isEqualTo(256 << 10);
          assertThat(config.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DROP);
          assertThat(config.deflate().enabled()).isFalse();
          assertThat(config.deflate().compressionLevel()).isEqualTo(3);
          assertThat(config.deflate().threshold()).isEqualTo(1024);

          SessionServices services = context.getBean(SessionServices.class);
          assertThat(properties.getDispatch().getMode()).isEqualTo(DispatchMode.LOOP);
          assertThat(services.mode()).isEqualTo(DispatchMode.LOOP);
          assertThat(services.dispatcher().executor()).as("kept for endpoints that choose the executor")
              .isSameAs(context.getBean(DuplexAutoConfiguration.HANDLER_EXECUTOR));
          assertThat(services.maxPending()).isEqualTo(16);
          assertThat(services.outboundBufferLimit()).isEqualTo(256 << 10);

          DeliveryPolicies policies = context.getBean(DeliveryPolicies.class);
          assertThat(policies.policyFor("typing")).isEqualTo(DeliveryPolicy.VOLATILE);
          assertThat(policies.policyFor("cursor")).isEqualTo(DeliveryPolicy.LATEST);
          assertThat(policies.policyFor("chat.message")).isEqualTo(DeliveryPolicy.RELIABLE);
        });
  }

  /** The value type is an enum, a scalar, so Boot keeps everything after {@code policies.} as the key. */
  @Test
  void aDottedMessageTypeBindsAsOneMapKeyWithOrWithoutBrackets() {
    runner.withPropertyValues("duplex.delivery.policies.typing.start=volatile",
        "duplex.delivery.policies[cursor.move]=latest").run(context -> {
          assertThat(context.getBean(DuplexProperties.class).getDelivery().getPolicies())
              .containsExactlyInAnyOrderEntriesOf(Map.of(
                  "typing.start", DeliveryPolicy.VOLATILE,
                  "cursor.move", DeliveryPolicy.LATEST));
          DeliveryPolicies policies = context.getBean(DeliveryPolicies.class);
          assertThat(policies.policyFor("typing.start")).isEqualTo(DeliveryPolicy.VOLATILE);
          assertThat(policies.policyFor("cursor.move")).isEqualTo(DeliveryPolicy.LATEST);
        });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      duplex.server.port                   | 70000  | server.port
      duplex.server.port                   | -1     | server.port
      duplex.limits.max-message-size       | 0      | limits.max-message-size
      duplex.limits.max-frame-size         | 3GB    | limits.max-frame-size
      duplex.limits.handshake-timeout      | -1s    | limits.handshake-timeout
      duplex.limits.idle-timeout           | -5s    | limits.idle-timeout
      duplex.limits.close-timeout          | 0s     | limits.close-timeout
      duplex.heartbeat.ping-interval       | -30s   | heartbeat.ping-interval
      duplex.heartbeat.pong-timeout        | -1ms   | heartbeat.pong-timeout
      duplex.outbound.buffer-limit         | 0B     | outbound.buffer-limit
      duplex.dispatch.max-pending          | 1      | dispatch.max-pending
      duplex.dispatch.threads              | 0      | dispatch.threads
      duplex.shutdown.timeout              | -1s    | shutdown.timeout
      duplex.shutdown.batch-size           | 0      | shutdown.batch-size
      duplex.shutdown.batch-interval       | -10ms  | shutdown.batch-interval
      duplex.shutdown.reconnect-delay-min  | 20s    | shutdown.reconnect-delay-max
      duplex.compression.level             | 10     | compression.level
      """)
  void anInvalidValueFailsStartUpNamingTheProperty(String property, String value, String field) {
    runner.withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      String messages = messagesOf(context.getStartupFailure());
      assertThat(messages).contains("Field error in object 'duplex' on field '" + field + "'")
          .contains("duplex." + field);
    });
  }

  @Test
  void aReconnectDelayMinimumAboveTheMaximumIsExplained() {
    runner.withPropertyValues("duplex.shutdown.reconnect-delay-min=5s", "duplex.shutdown.reconnect-delay-max=1s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messagesOf(context.getStartupFailure()))
              .contains("'shutdown.reconnect-delay-max'")
              .contains("must not be less than shutdown.reconnect-delay-min (PT5S), was PT1S");
        });
  }

  @Test
  void anUnknownEnumValueFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.shutdown.close-code=abnormal").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messagesOf(context.getStartupFailure())).contains("duplex.shutdown.close-code");
    });
  }

  @Test
  void withoutBeanValidationOnTheClassPathThereIsNoPayloadValidator() {
    withJacksonAndValidation.withClassLoader(new FilteredClassLoader("jakarta.validation"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(PayloadValidator.class);
        });
  }

  @Test
  void withoutBeanValidationAValidPayloadFailsStartUpNamingTheMethod() {
    withJacksonAndValidation.withClassLoader(new FilteredClassLoader("jakarta.validation"))
        .withUserConfiguration(ValidatingEndpoint.class)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalStateException.class);
          assertThat(causeOf(context, EndpointMappingException.class)).hasMessageContainingAll(
              "ValidatingEndpoint.send(Command)", "asks for validation",
              "no Bean Validation provider", "spring-boot-starter-validation");
        });
  }

  @Test
  void withBeanValidationAValidPayloadStarts() {
    withJacksonAndValidation.withUserConfiguration(ValidatingEndpoint.class)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void handlersRunOnAPlatformThreadPoolByDefault() throws Exception {
    runner.run(context -> {
      Thread thread = threadOf(context.getBean(DuplexAutoConfiguration.HANDLER_EXECUTOR, Executor.class));
      assertThat(isVirtual(thread)).isFalse();
      assertThat(thread.getName()).startsWith("duplex-handler-");
    });
  }

  @Test
  void aConfiguredNumberOfThreadsBoundsThePool() {
    runner.withPropertyValues("duplex.dispatch.threads=1").run(context -> {
      Executor executor = context.getBean(DuplexAutoConfiguration.HANDLER_EXECUTOR, Executor.class);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        names.add(threadOf(executor).getName());
      }
      assertThat(names).containsOnly(names.get(0));
      assertThat(context.getBean(SessionServices.class).dispatcher().maxRunners()).isEqualTo(1);
    });
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void handlersRunOnVirtualThreadsWhenSpringEnablesThem() {
    runner.withPropertyValues("spring.threads.virtual.enabled=true", "duplex.dispatch.threads=2").run(context -> {
      Thread thread = threadOf(context.getBean(DuplexAutoConfiguration.HANDLER_EXECUTOR, Executor.class));
      assertThat(isVirtual(thread)).isTrue();
      assertThat(thread.getName()).startsWith("duplex-handler-");
      assertThat(context.getBean(SessionServices.class).dispatcher().maxRunners())
          .as("a virtual thread per ready session").isEqualTo(HandlerDispatcher.UNBOUNDED);
    });
  }

  @Test
  @EnabledForJreRange(max = JRE.JAVA_20)
  void handlersStayOnPlatformThreadsWhenTheJdkHasNoVirtualThreads() {
    runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
      Thread thread = threadOf(context.getBean(DuplexAutoConfiguration.HANDLER_EXECUTOR, Executor.class));
      assertThat(isVirtual(thread)).isFalse();
      assertThat(thread.getName()).startsWith("duplex-handler-");
    });
  }

  private static Thread threadOf(Executor executor) throws Exception {
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    executor.execute(() -> thread.complete(Thread.currentThread()));
    return thread.get(5, TimeUnit.SECONDS);
  }

  private static boolean isVirtual(Thread thread) throws Exception {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static String messagesOf(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static Throwable causeOf(AssertableApplicationContext context, Class<? extends Throwable> type) {
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + context.getStartupFailure());
  }

  record Command(String text) {
  }

  @WsEndpoint("/validating")
  static class ValidatingEndpoint {

    @WsHandler("send")
    void send(@Payload @Valid Command command) {
    }
  }
}
