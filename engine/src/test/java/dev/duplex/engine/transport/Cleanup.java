package dev.duplex.engine.transport;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a test opened, closed by its {@code @AfterEach} in reverse order, each one even if another fails. */
final class Cleanup {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T resource) {
    resources.push(resource);
    return resource;
  }

  public void close() throws Exception {
    Exception first = null;
    AutoCloseable resource;
    while ((resource = resources.poll()) != null) {
      try {
        resource.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
