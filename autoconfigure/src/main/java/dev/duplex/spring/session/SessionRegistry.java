package dev.duplex.spring.session;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions of this node, indexed by id, user and room. Membership is cleaned up when a session is
 * removed, so rooms and users never keep closed sessions.
 */
public final class SessionRegistry {

  private final Map<String, DuplexSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Set<DuplexSession>> rooms = new ConcurrentHashMap<>();
  private final Map<String, Set<DuplexSession>> users = new ConcurrentHashMap<>();

  void add(DuplexSession session) {
    sessions.put(session.id(), session);
  }

  void remove(DuplexSession session, Set<String> joined) {
    sessions.remove(session.id());
    joined.forEach(room -> removeMember(rooms, room, session));
    Principal principal = session.principal();
    if (principal != null) {
      removeMember(users, principal.getName(), session);
    }
  }

  void join(DuplexSession session, String room) {
    rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
  }

  void leave(DuplexSession session, String room) {
    removeMember(rooms, room, session);
  }

  void userChanged(DuplexSession session, Principal previous, Principal current) {
    if (previous != null) {
      removeMember(users, previous.getName(), session);
    }
    if (current != null) {
      users.computeIfAbsent(current.getName(), u -> ConcurrentHashMap.newKeySet()).add(session);
    }
  }

  private static void removeMember(Map<String, Set<DuplexSession>> index, String key, DuplexSession session) {
    index.computeIfPresent(key, (k, members) -> {
      members.remove(session);
      return members.isEmpty() ? null : members;
    });
  }

  /** The open session with this id, or {@code null}. */
  public DuplexSession session(String id) {
    return sessions.get(id);
  }

  public Collection<DuplexSession> sessions() {
    return List.copyOf(sessions.values());
  }

  /** The sessions of a room on this node, a snapshot. */
  public Collection<DuplexSession> room(String room) {
    Set<DuplexSession> members = rooms.get(room);
    return members == null ? List.of() : List.copyOf(members);
  }

  /** The sessions of a user on this node, a snapshot. */
  public Collection<DuplexSession> user(String name) {
    Set<DuplexSession> members = users.get(name);
    return members == null ? List.of() : List.copyOf(members);
  }

  /** Rooms with their member counts on this node, sorted by name. */
  public Map<String, Integer> roomSizes() {
    Map<String, Integer> sizes = new TreeMap<>();
    rooms.forEach((room, members) -> sizes.put(room, members.size()));
    return sizes;
  }

  public int size() {
    return sessions.size();
  }
}
