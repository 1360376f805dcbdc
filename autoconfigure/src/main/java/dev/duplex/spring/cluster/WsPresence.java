package dev.duplex.spring.cluster;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Who is where, across every node of the cluster: the users and sessions of a room, and the live nodes.
 *
 * <pre>{@code
 * @WsHandler("room.who")
 * CompletionStage<RoomPresence> who(@PathVar String room) {
 *   return presence.room(room);
 * }
 * }</pre>
 *
 * Changes reach the room's members as {@value PresenceEvent#JOIN} and {@value PresenceEvent#LEAVE} envelopes
 * (see {@link PresenceEvent}) unless {@code duplex.cluster.presence.events=false}.
 */
public final class WsPresence {

  private final ClusterBroker broker;

  public WsPresence(ClusterBroker broker) {
    this.broker = broker;
  }

  /** The room's users with their session counts, and its session count; completes from the broker. */
  public CompletionStage<RoomPresence> room(String room) {
    return broker.presence(room);
  }

  /** The nodes alive now, this one included. */
  public List<ClusterNode> nodes() {
    return broker.nodes();
  }
}
