package dev.duplex.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.ratelimit.ClientConnectionLimitInterceptor;
import dev.duplex.spring.ratelimit.ConnectionCounter;
import dev.duplex.spring.ratelimit.InboundBandwidthFilter;
import dev.duplex.spring.ratelimit.LocalConnectionCounter;
import dev.duplex.spring.ratelimit.MessageRateLimitFilter;
import dev.duplex.spring.ratelimit.SharedBuckets;
import dev.duplex.spring.ratelimit.UserConnectionLimitInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@ExtendWith(OutputCaptureExtension.class)
class DuplexRateLimitAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexRateLimitAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1");

  @Test
  void byDefaultMessagesAreLimitedPerSessionAndConnectionsAreNotCapped() {
    runner.run(context -> {
      assertThat(context).hasNotFailed()
          .hasSingleBean(MessageRateLimitFilter.class)
          .hasSingleBean(ClientConnectionLimitInterceptor.class)
          .hasSingleBean(SharedBuckets.class)
          .doesNotHaveBean(InboundBandwidthFilter.class)
          .doesNotHaveBean(UserConnectionLimitInterceptor.class);
      assertThat(context).getBean(ConnectionCounter.class).isInstanceOf(LocalConnectionCounter.class);
      DuplexRateLimitProperties properties = context.getBean(DuplexRateLimitProperties.class);
      assertThat(properties.sessionRate().perSecond()).isEqualTo(100);
      assertThat(properties.sessionRate().burst()).isEqualTo(200);
    });
  }

  @Test
  void theLimitsInForceAreLoggedInOneLine(CapturedOutput output) {
    runner.withPropertyValues("duplex.rate-limit.per-user.messages-per-second=5",
        "duplex.rate-limit.types[chat.send].messages-per-second=2", "duplex.rate-limit.close-after-rejections=9",
        "duplex.rate-limit.connections.max-per-ip=50", "duplex.rate-limit.bandwidth.bytes-per-second=64KB")
        .run(context -> assertThat(output).contains("Duplex limits: messages per session 100/s (burst 200), "
            + "per user 5/s (burst 10), per IP unlimited, 1 type overrides, then reject (close after 9); "
            + "connections total unlimited, per IP 50, per user unlimited; handshakes per IP unlimited; "
            + "inbound bytes per session 64KB/s"));
  }

  @Test
  void aByteRateAddsTheBandwidthFilterAndAUserCapTheUserInterceptor() {
    runner.withPropertyValues("duplex.rate-limit.bandwidth.bytes-per-second=64KB",
        "duplex.rate-limit.connections.max-per-user=3").run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(InboundBandwidthFilter.class)
            .hasSingleBean(UserConnectionLimitInterceptor.class));
  }

  @Test
  void applicationBeansReplaceTheInMemoryStores() {
    runner.withUserConfiguration(SharedStores.class).run(context -> {
      assertThat(context).getBean(SharedBuckets.class).isSameAs(SharedStores.BUCKETS);
      assertThat(context).getBean(ConnectionCounter.class).isSameAs(SharedStores.COUNTER);
    });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      duplex.rate-limit.messages-per-second                     | -1  | messages-per-second
      duplex.rate-limit.burst                                   | 0   | burst
      duplex.rate-limit.close-after-rejections                  | -3  | close-after-rejections
      duplex.rate-limit.per-user.messages-per-second            | -1  | per-user.messages-per-second
      duplex.rate-limit.per-ip.burst                            | 0   | per-ip.burst
      duplex.rate-limit.types[chat.send].burst                  | 0   | types[chat.send].burst
      duplex.rate-limit.endpoints[/chat].per-user.burst         | 0   | endpoints[/chat].per-user.burst
      duplex.rate-limit.bandwidth.bytes-per-second              | 0B  | bandwidth.bytes-per-second
      duplex.rate-limit.connections.max-per-ip                  | -1  | connections.max-per-ip
      duplex.rate-limit.connections.retry-after                 | -1s | connections.retry-after
      duplex.rate-limit.handshakes.per-second                   | -2  | handshakes.per-second
      """)
  void anInvalidValueFailsStartUpNamingTheProperty(String property, String value, String field) {
    runner.withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messagesOf(context.getStartupFailure()))
          .contains("Field error in object 'duplex.rate-limit' on field '" + field + "'");
    });
  }

  @Test
  void aTypeRateWithoutARateFailsStartUp() {
    runner.withPropertyValues("duplex.rate-limit.types[chat.send].burst=3").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messagesOf(context.getStartupFailure()))
          .contains("on field 'types[chat.send].messages-per-second'").contains("must be set");
    });
  }

  @Test
  void anUnknownActionFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.rate-limit.action=drop").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messagesOf(context.getStartupFailure())).contains("duplex.rate-limit.action");
    });
  }

  @Test
  void aTrustedProxyThatIsNoAddressFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.server.trusted-proxies=10.0.0.0/8,proxy.internal").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messagesOf(context.getStartupFailure()))
          .contains("on field 'server.trusted-proxies'").contains("'proxy.internal' is not an IP address");
    });
  }

  @Test
  void anOverrideForAPathNoEndpointServesFailsStartUpNamingIt() {
    runner.withUserConfiguration(ChatEndpoint.class)
        .withPropertyValues("duplex.rate-limit.endpoints[/chta].messages-per-second=5").run(context -> {
          assertThat(context).hasFailed();
          assertThat(messagesOf(context.getStartupFailure()))
              .contains("duplex.rate-limit.endpoints[/chta]").contains("endpoints are [/chat]");
        });
  }

  @Test
  void anOverrideForAServedPathStarts() {
    runner.withUserConfiguration(ChatEndpoint.class)
        .withPropertyValues("duplex.rate-limit.endpoints[/chat].messages-per-second=5")
        .run(context -> assertThat(context).hasNotFailed());
  }

  private static String messagesOf(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @Configuration(proxyBeanMethods = false)
  static class SharedStores {

    static final SharedBuckets BUCKETS = SharedBuckets.inMemory(10);
    static final ConnectionCounter COUNTER = new LocalConnectionCounter();

    @Bean
    SharedBuckets sharedBuckets() {
      return BUCKETS;
    }

    @Bean
    ConnectionCounter connectionCounter() {
      return COUNTER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import(ChatEndpoint.Chat.class)
  static class ChatEndpoint {

    @WsEndpoint("/chat")
    static class Chat {

      @WsHandler("ping")
      public String ping() {
        return "pong";
      }
    }
  }
}
