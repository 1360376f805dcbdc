package dev.duplex.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code duplex.cluster.broker} is a given broker. The value is bound as the properties bind it
 * (any case), and a value that names no broker fails start-up there, naming the property, rather than leaving
 * the node without a broker.
 */
abstract class ClusterBrokerCondition extends SpringBootCondition {

  static final String PROPERTY = "duplex.cluster.broker";

  private final DuplexClusterProperties.Broker broker;

  ClusterBrokerCondition(DuplexClusterProperties.Broker broker) {
    this.broker = broker;
  }

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    DuplexClusterProperties.Broker configured = Binder.get(context.getEnvironment())
        .bind(PROPERTY, DuplexClusterProperties.Broker.class).orElse(DuplexClusterProperties.Broker.LOCAL);
    return configured == broker
        ? ConditionOutcome.match(PROPERTY + " is " + broker.name().toLowerCase())
        : ConditionOutcome.noMatch(PROPERTY + " is " + configured.name().toLowerCase());
  }

  /** {@code duplex.cluster.broker=local}, the default. */
  static final class Local extends ClusterBrokerCondition {

    Local() {
      super(DuplexClusterProperties.Broker.LOCAL);
    }
  }

  /** {@code duplex.cluster.broker=redis}. */
  static final class Redis extends ClusterBrokerCondition {

    Redis() {
      super(DuplexClusterProperties.Broker.REDIS);
    }
  }
}
