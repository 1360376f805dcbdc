package dev.duplex.spring.ratelimit;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * An application with limits, started per test with the properties the test is about: typed, raw and
 * {@code WsListener} endpoints that answer every message, and a user named by the {@code user} query parameter.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({LimitedApp.Chat.class, LimitedApp.Raw.class, LimitedApp.Echo.class})
class LimitedApp {

  /** A started application; closing it stops it. */
  record Running(ConfigurableApplicationContext context, int port) implements AutoCloseable {

    MeterRegistry meters() {
      return context.getBean(MeterRegistry.class);
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /** Starts the application on a free port with the defaults of {@code duplex.*} changed by {@code properties}. */
  static Running start(String... properties) {
    List<String> all = new ArrayList<>(List.of("duplex.server.port=0", "duplex.server.address=127.0.0.1",
        "spring.main.banner-mode=off"));
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(LimitedApp.class)
        .web(WebApplicationType.NONE)
        .properties(all.toArray(String[]::new))
        .run();
    return new Running(context, context.getEnvironment().getRequiredProperty("local.duplex.port", Integer.class));
  }

  @Bean
  SimpleMeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  /** Authenticates whoever names themselves in {@code ?user=}: enough to tell users apart in tests. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 2000)
  WsHandshakeInterceptor userFromQuery() {
    return context -> {
      String user = context.request().queryParameter("user");
      if (user != null) {
        context.attributes().put(WsHandshakeContext.PRINCIPAL_ATTRIBUTE, (Principal) () -> user);
      }
      return "true".equals(context.request().queryParameter("deny"))
          ? HandshakeVerdict.refuse("denied", 403, "denied")
          : HandshakeVerdict.proceed();
    };
  }

  /** Typed messages, each answered with a reply. */
  @WsEndpoint("/chat")
  static class Chat {

    @WsHandler("chat.send")
    public String send(@Payload String text) {
      return text;
    }

    @WsHandler("typing.start")
    public String typing() {
      return "typing";
    }

    @WsHandler("ping")
    public String ping() {
      return "pong";
    }
  }

  /** Raw text, echoed. */
  @WsEndpoint("/raw")
  static class Raw {

    @WsHandler
    public String echo(String text) {
      return text;
    }
  }

  /** An engine listener echoing text and binary. */
  @WsEndpoint("/listener")
  static class Echo implements WsListener {

    @Override
    public void onText(WsSession session, String text) {
      session.sendText(text);
    }

    @Override
    public void onBinary(WsSession session, ByteBuffer data) {
      session.sendBinary(data);
    }
  }
}
