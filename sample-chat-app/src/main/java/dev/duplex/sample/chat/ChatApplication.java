package dev.duplex.sample.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A chat product on Duplex: sign-in and the page on the web port, the conversation over WebSocket on the Duplex
 * port, health and metrics on the management port.
 */
@SpringBootApplication
@EnableConfigurationProperties(ChatProperties.class)
public class ChatApplication {

  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }
}
