package dev.duplex.spring.actuate;

import dev.duplex.engine.transport.WsServer;
import dev.duplex.spring.server.DuplexServer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the WebSocket server: {@code UP} while it accepts connections, {@code OUT_OF_SERVICE} while a
 * graceful shutdown drains its sessions, {@code DOWN} when it is not running. Details: state, port, open
 * sessions.
 *
 * <p>It is the {@code server} component of the {@code duplex} health contributor, which a cluster broker joins
 * as {@code broker}.
 */
public final class DuplexServerHealthIndicator extends AbstractHealthIndicator {

  private final DuplexServer server;

  public DuplexServerHealthIndicator(DuplexServer server) {
    super("Duplex server health check failed");
    this.server = server;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    WsServer running = running();
    if (running == null) {
      builder.down().withDetail("state", "stopped");
      return;
    }
    if (running.isAccepting()) {
      builder.up().withDetail("state", "accepting");
    } else {
      builder.outOfService().withDetail("state", "draining");
    }
    builder.withDetail("port", running.port()).withDetail("sessions", running.stats().activeSessions());
  }

  private WsServer running() {
    return server.current().orElse(null);
  }
}
