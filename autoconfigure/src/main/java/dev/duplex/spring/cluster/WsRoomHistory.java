package dev.duplex.spring.cluster;

import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.session.DefaultDuplexSession;
import dev.duplex.spring.session.DuplexSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Resumes a room for a client that reconnected, to this node or any other: the session joins the room and
 * receives, in order and each marked {@code "recovered": true}, the room messages recorded after the last offset
 * the client saw, then the live ones, with none twice and none missing in between. An application exposes it
 * with a handler:
 *
 * <pre>{@code
 * @WsHandler("room.resume")
 * CompletionStage<ResumeResult> resume(@Payload ResumeRequest request, DuplexSession session) {
 *   return history.resume(session, request.room(), request.offset());
 * }
 * }</pre>
 *
 * Needs {@code duplex.cluster.history.enabled=true}.
 */
public final class WsRoomHistory {

  private final ClusterBroker broker;
  private final ClusterMessenger messenger;
  private final ClusterFrames frames;
  private final SubscriptionTracker subscriptions;
  private final ResumeGates gates;
  private final boolean enabled;

  WsRoomHistory(ClusterBroker broker, ClusterMessenger messenger, ClusterFrames frames,
      SubscriptionTracker subscriptions, ResumeGates gates, boolean enabled) {
    this.broker = broker;
    this.messenger = messenger;
    this.frames = frames;
    this.subscriptions = subscriptions;
    this.gates = gates;
    this.enabled = enabled;
  }

  /** Whether room messages are recorded ({@code duplex.cluster.history.enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Joins the session to the room and sends it what it missed after {@code offset} (0 for everything the history
   * holds).
   *
   * @return the outcome; fails with a {@link WsException} ({@code history_disabled}, {@code bad_request} or
   *     {@code history_unavailable}) that reaches the client as an {@code error} envelope
   */
  public CompletionStage<ResumeResult> resume(DuplexSession session, String room, long offset) {
    if (!enabled) {
      return CompletableFuture.failedFuture(new WsException("history_disabled",
          "room history is off (duplex.cluster.history.enabled)"));
    }
    if (room == null || room.isEmpty() || offset < 0) {
      return CompletableFuture.failedFuture(new WsException("bad_request",
          "resume needs a room and an offset >= 0"));
    }
    ResumeGates.Gate gate = gates.open(session.id(), room);
    session.join(room);
    return subscriptions.ready(Target.room(room))
        .thenCompose(subscribed -> broker.history(room, offset))
        .handle((slice, error) -> {
          if (error != null) {
            gate.release(ClusterMessage.NO_OFFSET, message -> messenger.deliverTo(session, message));
            throw new CompletionException(new WsException("history_unavailable",
                "the history of room '" + room + "' cannot be read now"));
          }
          return replay(session, room, slice, gate);
        });
  }

  private ResumeResult replay(DuplexSession session, String room, HistorySlice slice, ResumeGates.Gate gate) {
    int replayed = 0;
    String reason = null;
    if (slice.complete()) {
      for (ClusterMessage message : slice.messages()) {
        if (session.isOpen()) {
          ((DefaultDuplexSession) session).deliver(frames.replayed(message));
        }
        replayed++;
      }
    } else {
      reason = slice.missed() < 0 ? ResumeResult.UNKNOWN_OFFSET : ResumeResult.TOO_OLD;
    }
    gate.release(slice.latest(), message -> messenger.deliverTo(session, message));
    return new ResumeResult(room, reason == null, slice.latest(), Math.max(0, slice.missed()), replayed, reason);
  }
}
