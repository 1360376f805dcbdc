package dev.duplex.spring.cluster;

/**
 * The data of the {@value #JOIN} and {@value #LEAVE} envelopes sent to a room's members when a session enters
 * or leaves it, on any node.
 *
 * @param user the session's user, {@code null} for an anonymous session
 * @param session the session's id
 * @param node the node the session is (or was) on
 * @param userSessions how many sessions the user has in the room after the change, cluster-wide: a chat shows
 *     "joined" when it becomes 1 and "left" when it becomes 0
 */
public record PresenceEvent(String room, String user, String session, String node, int userSessions) {

  /** Envelope type of a session entering a room. */
  public static final String JOIN = "presence.join";

  /** Envelope type of a session leaving a room, closing, or lost with its node. */
  public static final String LEAVE = "presence.leave";
}
