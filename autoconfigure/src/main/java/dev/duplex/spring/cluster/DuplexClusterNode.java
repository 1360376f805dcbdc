package dev.duplex.spring.cluster;

import dev.duplex.spring.messaging.DeliveryPolicies;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.SessionRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * This node's part in the cluster: its messenger, room history and presence over one {@link ClusterBroker}. It
 * follows the session registry to subscribe to what local sessions need and to keep presence, and it starts the
 * broker before the server accepts sessions and closes it after the server stopped.
 */
public final class DuplexClusterNode implements SmartLifecycle {

  /** Just before the server's phase, so the broker is up first and down last. */
  public static final int PHASE = DuplexServer.PHASE - 1;

  private final ClusterBroker broker;
  private final ClusterMessenger messenger;
  private final WsRoomHistory history;
  private final WsPresence presence;
  private final SubscriptionTracker subscriptions;
  private volatile boolean running;

  /**
   * @param options what to record: history, presence and presence events
   */
  public DuplexClusterNode(ClusterBroker broker, SessionRegistry registry, EnvelopeCodec codec,
      DeliveryPolicies policies, Options options) {
    this.broker = broker;
    ClusterFrames frames = new ClusterFrames(codec.mapper(), policies);
    ResumeGates gates = new ResumeGates();
    this.messenger = new ClusterMessenger(registry, broker, frames, gates, options.history(),
        options.presence() && options.presenceEvents());
    this.subscriptions = new SubscriptionTracker(broker);
    this.history = new WsRoomHistory(broker, messenger, frames, subscriptions, gates, options.history());
    this.presence = new WsPresence(broker);
    registry.addListener(subscriptions);
    registry.addListener(gates);
    if (options.presence()) {
      registry.addListener(new PresenceTracker(broker, messenger, options.presenceEvents()));
    }
  }

  public ClusterBroker broker() {
    return broker;
  }

  public WsMessenger messenger() {
    return messenger;
  }

  public WsRoomHistory history() {
    return history;
  }

  public WsPresence presence() {
    return presence;
  }

  /** Room and user channels this node is subscribed to. */
  public int subscriptions() {
    return subscriptions.subscriptions();
  }

  @Override
  public void start() {
    broker.start(messenger);
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    broker.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public String toString() {
    return "DuplexClusterNode[" + messenger + "]";
  }

  /**
   * What a node records.
   *
   * @param history whether room envelopes are recorded for resume
   * @param presence whether room membership is recorded for {@link WsPresence}
   * @param presenceEvents whether room members hear of joins and leaves
   */
  public record Options(boolean history, boolean presence, boolean presenceEvents) {
  }
}
