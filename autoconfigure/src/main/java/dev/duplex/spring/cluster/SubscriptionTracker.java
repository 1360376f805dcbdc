package dev.duplex.spring.cluster;

import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.session.SessionRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Subscribes the node to a room or user channel when its first local session joins the room or signs in as the
 * user, and unsubscribes when the last one leaves, so a node receives only what its sessions need. Subscribe
 * and unsubscribe calls reach the broker in the order of the changes.
 */
final class SubscriptionTracker implements SessionRegistry.MembershipListener {

  private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  private final ClusterBroker broker;
  private final Map<Target, Integer> counts = new HashMap<>();
  private final Map<Target, CompletionStage<Void>> subscriptions = new HashMap<>();

  SubscriptionTracker(ClusterBroker broker) {
    this.broker = broker;
  }

  @Override
  public void joined(DuplexSession session, String room) {
    acquire(Target.room(room));
  }

  @Override
  public void left(DuplexSession session, String room) {
    release(Target.room(room));
  }

  @Override
  public void userAdded(DuplexSession session, String user) {
    acquire(Target.user(user));
  }

  @Override
  public void userRemoved(DuplexSession session, String user) {
    release(Target.user(user));
  }

  private synchronized void acquire(Target target) {
    if (counts.merge(target, 1, Integer::sum) == 1) {
      subscriptions.put(target, broker.subscribe(target));
    }
  }

  private synchronized void release(Target target) {
    Integer remaining = counts.computeIfPresent(target, (t, count) -> count == 1 ? null : count - 1);
    if (remaining == null && subscriptions.remove(target) != null) {
      broker.unsubscribe(target);
    }
  }

  /** Completes once the node receives what is published to {@code target}, as far as it subscribed to it. */
  synchronized CompletionStage<Void> ready(Target target) {
    return subscriptions.getOrDefault(target, DONE);
  }

  synchronized int subscriptions() {
    return subscriptions.size();
  }
}
