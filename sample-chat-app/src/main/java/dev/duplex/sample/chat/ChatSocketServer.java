package dev.duplex.sample.chat;

import dev.duplex.engine.transport.WsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Runs the Duplex WebSocket server for as long as the application context. */
@Component
class ChatSocketServer implements SmartLifecycle {

  private final ChatSocketProperties properties;
  private final JsonMapper json;
  private volatile WsServer server;

  ChatSocketServer(ChatSocketProperties properties, JsonMapper json) {
    this.properties = properties;
    this.json = json;
  }

  @Override
  public void start() {
    try {
      server = WsServer.builder()
          .port(properties.port())
          .handler(new ChatRoom(json, properties.maxTextLength()))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("chat socket cannot listen on port " + properties.port(), e);
    }
  }

  @Override
  public void stop() {
    server.stop(Duration.ofSeconds(5));
  }

  @Override
  public boolean isRunning() {
    return server != null && server.isRunning();
  }

  /** The port the chat socket listens on. */
  int port() {
    return server.port();
  }
}
