package dev.duplex.engine.transport;

import dev.duplex.engine.WsSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of a server or client, and their sessions once open: what shutdown closes and waits
 * for, and what operators list.
 */
final class ConnectionRegistry implements Connection.Owner {

  private final TransportStats stats = new TransportStats();
  private final Map<Connection, Boolean> connections = new ConcurrentHashMap<>();
  private final Map<String, WsSession> sessions = new ConcurrentHashMap<>();
  private final Object emptied = new Object();

  void add(Connection connection) {
    connections.put(connection, Boolean.TRUE);
  }

  @Override
  public TransportStats stats() {
    return stats;
  }

  @Override
  public void opened(Connection connection) {
    WsSession session = connection.session();
    sessions.put(session.id(), session);
  }

  @Override
  public void closed(Connection connection) {
    sessions.remove(connection.session().id());
    connections.remove(connection);
    if (connections.isEmpty()) {
      synchronized (emptied) {
        emptied.notifyAll();
      }
    }
  }

  List<Connection> connections() {
    return new ArrayList<>(connections.keySet());
  }

  Collection<WsSession> sessions() {
    return List.copyOf(sessions.values());
  }

  WsSession session(String id) {
    return sessions.get(id);
  }

  /** Waits until every connection has closed, at most until the deadline; returns whether none is left. */
  boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
    synchronized (emptied) {
      while (!connections.isEmpty()) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        emptied.wait(Math.max(1, remaining / 1_000_000));
      }
      return true;
    }
  }
}
