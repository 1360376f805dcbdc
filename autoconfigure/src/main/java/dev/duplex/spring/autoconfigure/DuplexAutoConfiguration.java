package dev.duplex.spring.autoconfigure;

import dev.duplex.engine.WsConfig;
import dev.duplex.engine.handshake.HandshakeLimits;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.transport.WsServer;
import dev.duplex.spring.dispatch.DispatchMode;
import dev.duplex.spring.dispatch.EndpointRegistry;
import dev.duplex.spring.dispatch.HandlerDispatcher;
import dev.duplex.spring.dispatch.RouterSettings;
import dev.duplex.spring.filter.WsFilter;
import dev.duplex.spring.handshake.ClientAddressResolver;
import dev.duplex.spring.dispatch.SessionServices;
import dev.duplex.spring.dispatch.WsInvocationInterceptor;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.DeliveryStats;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.messaging.LocalMessenger;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.observe.DuplexObserver;
import dev.duplex.spring.resolve.ArgumentResolvers;
import dev.duplex.spring.resolve.BeanValidationPayloadValidator;
import dev.duplex.spring.resolve.PayloadValidator;
import dev.duplex.spring.resolve.WsArgumentResolver;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.server.DuplexServerCustomizer;
import dev.duplex.spring.server.ShutdownPlan;
import dev.duplex.spring.session.SessionRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of Duplex: the WebSocket server on its own port, the {@code @WsEndpoint} programming model
 * and the {@link WsMessenger}. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
    "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration"})
@EnableConfigurationProperties(DuplexProperties.class)
public final class DuplexAutoConfiguration {

  /** Bean name of the executor that runs handlers dispatched in {@link DispatchMode#EXECUTOR} mode. */
  public static final String HANDLER_EXECUTOR = "duplexHandlerExecutor";

  @Bean
  @ConditionalOnMissingBean
  SessionRegistry duplexSessionRegistry() {
    return new SessionRegistry();
  }

  @Bean
  @ConditionalOnMissingBean
  EnvelopeCodec duplexEnvelopeCodec(ObjectProvider<JsonMapper> jsonMapper) {
    return new EnvelopeCodec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
  }

  @Bean
  @ConditionalOnMissingBean
  DeliveryStats duplexDeliveryStats() {
    return new DeliveryStats();
  }

  @Bean
  @ConditionalOnMissingBean
  DeliveryPolicies duplexDeliveryPolicies(DuplexProperties properties) {
    return new DeliveryPolicies(properties.getDelivery().getPolicies());
  }

  @Bean
  @ConditionalOnMissingBean
  WsMessenger duplexMessenger(SessionRegistry registry, EnvelopeCodec codec, DeliveryPolicies policies) {
    return new LocalMessenger(registry, codec, policies);
  }

  @Bean
  @ConditionalOnMissingBean
  ArgumentResolvers duplexArgumentResolvers(ObjectProvider<ConversionService> conversionService,
      EnvelopeCodec codec, ObjectProvider<PayloadValidator> validator, ObjectProvider<WsArgumentResolver> resolvers) {
    return new ArgumentResolvers(conversionService.getIfUnique(ApplicationConversionService::getSharedInstance),
        codec.mapper(), validator.getIfAvailable(), resolvers.orderedStream().toList());
  }

  @Bean(name = HANDLER_EXECUTOR)
  @ConditionalOnMissingBean(name = HANDLER_EXECUTOR)
  Executor duplexHandlerExecutor(DuplexProperties properties, Environment environment) {
    if (Threading.VIRTUAL.isActive(environment)) {
      SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("duplex-handler-");
      executor.setVirtualThreads(true);
      return executor;
    }
    Integer configured = properties.getDispatch().getThreads();
    int threads = configured != null ? configured : 2 * Runtime.getRuntime().availableProcessors();
    return new ClosingExecutor(Executors.newFixedThreadPool(threads, new CustomizableThreadFactory("duplex-handler-")),
        threads);
  }

  @Bean
  @ConditionalOnMissingBean
  SessionServices duplexSessionServices(DuplexProperties properties, SessionRegistry registry, EnvelopeCodec codec,
      DeliveryPolicies policies, DeliveryStats deliveryStats, ListableBeanFactory beans,
      ObjectProvider<WsInvocationInterceptor> interceptors, ObjectProvider<DuplexObserver> observers,
      Environment environment) {
    // also in loop mode, for endpoints that choose the executor with @WsDispatch: runners start only when needed
    HandlerDispatcher dispatcher = handlerDispatcher(beans.getBean(HANDLER_EXECUTOR, Executor.class), properties,
        environment);
    return new SessionServices(registry, codec, policies, deliveryStats, dispatcher,
        properties.getDispatch().getMode(), properties.getDispatch().getMaxPending(),
        properties.getOutbound().getBufferLimit().toBytes(), interceptors.orderedStream().toList(),
        DuplexObserver.of(observers.orderedStream().toList()));
  }

  @Bean
  @ConditionalOnMissingBean
  EndpointRegistry duplexEndpointRegistry(DuplexProperties properties, ListableBeanFactory beans,
      ArgumentResolvers resolvers, SessionServices services, ObjectProvider<WsHandshakeInterceptor> interceptors,
      ObjectProvider<WsFilter> filters) {
    return new EndpointRegistry(beans, resolvers, services, new RouterSettings(interceptors.orderedStream().toList(),
        filters.orderedStream().toList(), new ClientAddressResolver(properties.getServer().trustedProxies())));
  }

  @Bean
  @ConditionalOnMissingBean
  WsConfig duplexWsConfig(DuplexProperties properties) {
    DuplexProperties.Limits limits = properties.getLimits();
    return WsConfig.builder()
        .protocolLimits(ProtocolLimits.builder()
            .maxMessageSize((int) limits.getMaxMessageSize().toBytes())
            .maxFrameSize((int) limits.effectiveMaxFrameSize().toBytes())
            .build())
        .handshakeLimits(HandshakeLimits.builder()
            .maxHeadBytes((int) limits.getMaxHandshakeSize().toBytes())
            .maxHeaders(limits.getMaxHandshakeHeaders())
            .build())
        .handshakeTimeout(limits.getHandshakeTimeout())
        .idleTimeout(limits.getIdleTimeout())
        .closeTimeout(limits.getCloseTimeout())
        .pingInterval(properties.getHeartbeat().getPingInterval())
        .pongTimeout(properties.getHeartbeat().getPongTimeout())
        .outboundBufferLimit(properties.getOutbound().getBufferLimit().toBytes())
        .slowConsumerPolicy(properties.getOutbound().getSlowConsumerPolicy())
        .deflate(deflate(properties.getCompression()))
        .build();
  }

  private static DeflateConfig deflate(DuplexProperties.Compression compression) {
    return DeflateConfig.builder()
        .enabled(compression.isEnabled())
        .compressionLevel(compression.getLevel())
        .threshold((int) compression.getThreshold().toBytes())
        .serverNoContextTakeover(compression.isServerNoContextTakeover())
        .build();
  }

  @Bean
  @ConditionalOnMissingBean
  DuplexServer duplexServer(DuplexProperties properties, WsConfig config, EndpointRegistry endpoints,
      ObjectProvider<DuplexServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
      ConfigurableEnvironment environment) {
    DuplexProperties.Server server = properties.getServer();
    DuplexProperties.Shutdown shutdown = properties.getShutdown();
    ShutdownPlan plan = new ShutdownPlan(shutdown.getCloseCode().code(), shutdown.getTimeout(),
        shutdown.getBatchSize(), shutdown.getBatchInterval(), shutdown.getReconnectDelayMin(),
        shutdown.getReconnectDelayMax());
    return new DuplexServer(() -> {
      WsServer.Builder builder = WsServer.builder()
          .port(server.getPort())
          .address(server.getAddress() != null ? server.getAddress() : anyAddress())
          .backlog(server.getBacklog())
          .config(config)
          .handler(endpoints.router());
      if (server.getIoThreads() != null) {
        builder.ioThreads(server.getIoThreads());
      }
      if (server.getSsl().getBundle() != null) {
        builder.tls(TlsConfigs.fromBundle(sslBundles.getIfAvailable(), server.getSsl()));
      }
      customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
      return builder.build();
    }, plan, LimitsSummary.describe(properties, config, endpoints.router().paths(),
        Threading.VIRTUAL.isActive(environment)), port -> publishPort(environment, port));
  }

  private static void publishPort(ConfigurableEnvironment environment, int port) {
    environment.getPropertySources().addFirst(
        new MapPropertySource("duplex.server.ports", Map.of(DuplexServer.LOCAL_PORT_PROPERTY, port)));
  }

  private static InetAddress anyAddress() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bean Validation of {@code @Valid} payloads, when a validator is available. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "jakarta.validation.Validator")
  static class PayloadValidationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(jakarta.validation.Validator.class)
    PayloadValidator duplexPayloadValidator(jakarta.validation.Validator validator) {
      return new BeanValidationPayloadValidator(validator);
    }
  }

  /** A platform-thread pool that is shut down with the context. */
  /**
   * Runners for the handler executor: as many as its threads when Duplex made it with platform threads, or as
   * {@code duplex.dispatch.threads} says for an application's executor; else unbounded (virtual threads, or an
   * executor of unknown size).
   */
  private static HandlerDispatcher handlerDispatcher(Executor executor, DuplexProperties properties,
      Environment environment) {
    if (executor instanceof ClosingExecutor own) {
      return new HandlerDispatcher(executor, own.threads());
    }
    Integer threads = properties.getDispatch().getThreads();
    boolean bounded = threads != null && !Threading.VIRTUAL.isActive(environment);
    return new HandlerDispatcher(executor, bounded ? threads : HandlerDispatcher.UNBOUNDED);
  }

  static final class ClosingExecutor implements Executor, AutoCloseable {

    private final ExecutorService delegate;
    private final int threads;

    ClosingExecutor(ExecutorService delegate, int threads) {
      this.delegate = delegate;
      this.threads = threads;
    }

    int threads() {
      return threads;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(command);
    }

    @Override
    public void close() {
      delegate.shutdown();
    }
  }
}
