package dev.duplex.spring.cluster;

import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.session.SessionRegistry;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every session entering and leaving a room in the broker's presence and, when events are on, tells
 * the room's members with {@value PresenceEvent#JOIN} and {@value PresenceEvent#LEAVE} envelopes. The user is
 * the one the session had when it joined.
 */
final class PresenceTracker implements SessionRegistry.MembershipListener {

  private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

  private final ClusterBroker broker;
  private final ClusterMessenger messenger;
  private final boolean events;

  PresenceTracker(ClusterBroker broker, ClusterMessenger messenger, boolean events) {
    this.broker = broker;
    this.messenger = messenger;
    this.events = events;
  }

  @Override
  public void joined(DuplexSession session, String room) {
    String user = user(session);
    broker.presenceJoin(room, session.id(), user).whenComplete((userSessions, error) ->
        announce(PresenceEvent.JOIN, new PresenceEvent(room, user, session.id(), broker.nodeId(),
            userSessions == null ? 0 : userSessions), error));
  }

  @Override
  public void left(DuplexSession session, String room) {
    String user = user(session);
    broker.presenceLeave(room, session.id(), user).whenComplete((userSessions, error) ->
        announce(PresenceEvent.LEAVE, new PresenceEvent(room, user, session.id(), broker.nodeId(),
            userSessions == null ? 0 : userSessions), error));
  }

  private void announce(String type, PresenceEvent event, Throwable error) {
    if (error != null) {
      log.debug("{} of session {} in room {} not recorded in presence", type, event.session(), event.room(), error);
    } else if (events) {
      try {
        messenger.sendUnrecorded(event.room(), type, event);
      } catch (RuntimeException e) {
        log.error("{} of session {} in room {} not sent", type, event.session(), event.room(), e);
      }
    }
  }

  @Override
  public void userAdded(DuplexSession session, String user) {
  }

  @Override
  public void userRemoved(DuplexSession session, String user) {
  }

  private static String user(DuplexSession session) {
    Principal principal = session.principal();
    return principal == null ? null : principal.getName();
  }
}
