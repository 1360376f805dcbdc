package dev.duplex.spring.security;

import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** An application without tokens, for the origin tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OriginApp.Echo.class)
class OriginApp {

  @WsEndpoint("/echo")
  static class Echo {

    @WsHandler
    public String echo(String text) {
      return text;
    }
  }
}
