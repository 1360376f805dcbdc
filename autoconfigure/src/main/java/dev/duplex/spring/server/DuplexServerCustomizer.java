package dev.duplex.spring.server;

import dev.duplex.engine.transport.WsServer;

/**
 * Adjusts the engine's server builder after Duplex applied the {@code duplex.*} properties; register as beans,
 * ordered with {@link org.springframework.core.Ordered} or {@code @Order}.
 */
@FunctionalInterface
public interface DuplexServerCustomizer {

  void customize(WsServer.Builder builder);
}
