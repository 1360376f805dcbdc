package dev.duplex.spring.metrics;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import dev.duplex.spring.session.DuplexSession;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Endpoints of every kind, for the observability tests: typed envelopes with a room, raw echo, an engine
 * listener, and an endpoint whose handshakes an interceptor refuses unless they carry {@code ?key=open};
 * {@code ?user=name} logs in.
 */
@Configuration(proxyBeanMethods = false)
@Import({ObservedApp.ChatEndpoint.class, ObservedApp.EchoEndpoint.class, ObservedApp.RawEndpoint.class,
    ObservedApp.PrivateEndpoint.class})
public class ObservedApp {

  public static final String CHAT = "/chat/{room}";

  record Text(String text) {
  }

  @WsEndpoint(CHAT)
  static class ChatEndpoint {

    @WsOpen
    void open(DuplexSession session, @PathVar String room) {
      session.join(room);
    }

    @WsHandler("chat.send")
    Text send(Text text) {
      return text;
    }

    @WsHandler("chat.fail")
    Text fail(Text text) {
      throw new IllegalStateException("failing on purpose");
    }

    @WsHandler("chat.push")
    void push(Text text, DuplexSession session) {
      session.send("chat.pushed", Map.of("text", text.text()));
    }
  }

  @WsEndpoint("/echo")
  static class EchoEndpoint {

    @WsHandler
    String text(String message) {
      return message;
    }

    @WsHandler
    ByteBuffer binary(ByteBuffer message) {
      return message;
    }
  }

  @WsEndpoint("/raw")
  static class RawEndpoint implements WsListener {

    @Override
    public void onTextBytes(WsSession session, ByteBuffer utf8) {
      session.sendText(utf8);
    }
  }

  @WsEndpoint("/private")
  static class PrivateEndpoint {

    @WsHandler
    String text(String message) {
      return message;
    }
  }

  @Bean
  WsHandshakeInterceptor userFromQuery() {
    return userFromQueryParameter();
  }

  /** {@code ?user=name} authenticates as {@code name}: enough of a login for tests. */
  public static WsHandshakeInterceptor userFromQueryParameter() {
    return context -> {
      String user = context.request().queryParameter("user");
      if (user != null) {
        context.attributes().put(WsHandshakeContext.PRINCIPAL_ATTRIBUTE, (Principal) () -> user);
      }
      return HandshakeVerdict.proceed();
    };
  }

  @Bean
  WsHandshakeInterceptor keyRequired() {
    return context -> context.endpoint().equals("/private") && !"open".equals(context.request().queryParameter("key"))
        ? HandshakeVerdict.refuse("unauthorized", 401, "a key is required")
        : HandshakeVerdict.proceed();
  }
}
