package dev.duplex.sample.chat;

import dev.duplex.sample.chat.ChatMessages.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One room of this node: its members (a user is present while any of their sessions is in the room) and its
 * recent messages, a bounded history replayed to whoever joins.
 *
 * <p>Callers that announce a change hold the room's monitor while they change it and send, so that every member
 * sees presence and messages in the order the room saw them.
 */
final class Room {

  /** What a session leaving did to the room's presence. */
  enum Exit {
    NOT_A_MEMBER,
    USER_STILL_PRESENT,
    USER_LEFT
  }

  private final String name;
  private final int historySize;
  private final Map<String, String> userBySession = new HashMap<>();
  private final Map<String, Integer> sessionsByUser = new TreeMap<>();
  private final ArrayDeque<ChatMessage> history;

  Room(String name, int historySize) {
    this.name = name;
    this.historySize = historySize;
    this.history = new ArrayDeque<>(historySize);
  }

  String name() {
    return name;
  }

  /** Adds a session; true when its user was not present before. */
  synchronized boolean enter(String sessionId, String user) {
    if (userBySession.putIfAbsent(sessionId, user) != null) {
      return false;
    }
    return sessionsByUser.merge(user, 1, Integer::sum) == 1;
  }

  synchronized Exit exit(String sessionId) {
    String user = userBySession.remove(sessionId);
    if (user == null) {
      return Exit.NOT_A_MEMBER;
    }
    if (sessionsByUser.merge(user, -1, Integer::sum) > 0) {
      return Exit.USER_STILL_PRESENT;
    }
    sessionsByUser.remove(user);
    return Exit.USER_LEFT;
  }

  synchronized boolean hasSession(String sessionId) {
    return userBySession.containsKey(sessionId);
  }

  /** Present users, sorted. */
  synchronized List<String> members() {
    return List.copyOf(sessionsByUser.keySet());
  }

  synchronized void record(ChatMessage message) {
    if (history.size() == historySize) {
      history.removeFirst();
    }
    history.addLast(message);
  }

  /** The recent messages, oldest first. */
  synchronized List<ChatMessage> history() {
    return new ArrayList<>(history);
  }

  @Override
  public synchronized String toString() {
    return "Room[" + name + ", " + sessionsByUser.size() + " users, " + history.size() + " messages]";
  }
}
