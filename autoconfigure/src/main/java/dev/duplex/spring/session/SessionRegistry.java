package dev.duplex.spring.session;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open sessions of this node, indexed by id, user and room. Membership is cleaned up when a session is
 * removed, so rooms and users never keep closed sessions.
 */
public final class SessionRegistry {

  private final Map<String, DuplexSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Set<DuplexSession>> rooms = new ConcurrentHashMap<>();
  private final Map<String, Set<DuplexSession>> users = new ConcurrentHashMap<>();
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

  /** Tells {@code listener} of every later change of room and user membership. */
  public void addListener(MembershipListener listener) {
    listeners.add(listener);
  }

  void add(DuplexSession session) {
    sessions.put(session.id(), session);
  }

  void remove(DuplexSession session, Set<String> joined) {
    sessions.remove(session.id());
    joined.forEach(room -> leave(session, room));
    Principal principal = session.principal();
    if (principal != null && removeMember(users, principal.getName(), session)) {
      listeners.forEach(listener -> listener.userRemoved(session, principal.getName()));
    }
  }

  void join(DuplexSession session, String room) {
    if (addMember(rooms, room, session)) {
      listeners.forEach(listener -> listener.joined(session, room));
    }
  }

  void leave(DuplexSession session, String room) {
    if (removeMember(rooms, room, session)) {
      listeners.forEach(listener -> listener.left(session, room));
    }
  }

  void userChanged(DuplexSession session, Principal previous, Principal current) {
    if (previous != null && removeMember(users, previous.getName(), session)) {
      listeners.forEach(listener -> listener.userRemoved(session, previous.getName()));
    }
    if (current != null && addMember(users, current.getName(), session)) {
      listeners.forEach(listener -> listener.userAdded(session, current.getName()));
    }
  }

  private static boolean addMember(Map<String, Set<DuplexSession>> index, String key, DuplexSession session) {
    boolean[] added = new boolean[1];
    index.compute(key, (k, members) -> {
      Set<DuplexSession> present = members != null ? members : ConcurrentHashMap.newKeySet();
      added[0] = present.add(session);
      return present;
    });
    return added[0];
  }

  private static boolean removeMember(Map<String, Set<DuplexSession>> index, String key, DuplexSession session) {
    boolean[] removed = new boolean[1];
    index.computeIfPresent(key, (k, members) -> {
      removed[0] = members.remove(session);
      return members.isEmpty() ? null : members;
    });
    return removed[0];
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

  /**
   * Hears sessions join and leave rooms and users, on the thread that made the change; a cluster broker
   * subscribes and unsubscribes its channels and keeps presence from these calls. Calls for one session come in
   * the order of its changes; they must not block.
   */
  public interface MembershipListener {

    void joined(DuplexSession session, String room);

    /** Also called for every room of a session that closes. */
    void left(DuplexSession session, String room);

    void userAdded(DuplexSession session, String user);

    void userRemoved(DuplexSession session, String user);
  }
}
