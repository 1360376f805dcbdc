package dev.duplex.spring.cluster;

import java.util.Objects;

/**
 * Whom a cluster message is for: a room, a user, or every session.
 *
 * @param name the room or user; {@code null} for {@link Kind#ALL}
 */
public record Target(Kind kind, String name) {

  public enum Kind { ROOM, USER, ALL }

  private static final Target ALL = new Target(Kind.ALL, null);

  public Target {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.ALL) != (name == null)) {
      throw new IllegalArgumentException(kind + " target " + (name == null ? "needs a name" : "takes no name"));
    }
  }

  public static Target room(String room) {
    return new Target(Kind.ROOM, room);
  }

  public static Target user(String user) {
    return new Target(Kind.USER, user);
  }

  public static Target all() {
    return ALL;
  }
}
