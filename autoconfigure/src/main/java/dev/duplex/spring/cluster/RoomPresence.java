package dev.duplex.spring.cluster;

import java.util.Map;

/**
 * Who is in a room across the cluster.
 *
 * @param sessions sessions in the room, anonymous ones included
 * @param users the users in the room with how many sessions each has there, by name
 */
public record RoomPresence(String room, int sessions, Map<String, Integer> users) {

  public RoomPresence {
    users = Map.copyOf(users);
  }
}
