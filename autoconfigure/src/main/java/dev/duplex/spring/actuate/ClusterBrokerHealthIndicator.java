package dev.duplex.spring.actuate;

import dev.duplex.spring.cluster.ClusterBroker;
import dev.duplex.spring.cluster.ClusterNode;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the cluster broker, the {@code broker} component of the {@code duplex} health contributor:
 * {@code UP} while it reaches the other nodes, {@code DOWN} while it does not (sessions stay up and local delivery
 * goes on meanwhile). Details: node id, live nodes.
 */
public final class ClusterBrokerHealthIndicator extends AbstractHealthIndicator {

  private final ClusterBroker broker;

  public ClusterBrokerHealthIndicator(ClusterBroker broker) {
    super("Duplex cluster broker health check failed");
    this.broker = broker;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    if (broker.isConnected()) {
      builder.up();
    } else {
      builder.down().withDetail("reason", "the broker cannot reach the other nodes; it reconnects by itself");
    }
    builder.withDetail("nodeId", broker.nodeId())
        .withDetail("nodes", broker.nodes().stream().map(ClusterNode::id).toList());
  }
}
