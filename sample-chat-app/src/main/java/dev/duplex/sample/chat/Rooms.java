package dev.duplex.sample.chat;

import dev.duplex.spring.messaging.WsException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rooms of this node, with their presence and history kept in memory: the chat runs on embedded defaults,
 * without Redis. In the cluster profile messages cross nodes through the broker, but each node still knows only
 * the members and history its own sessions saw.
 */
@Component
class Rooms {

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,23}");

  private final ConcurrentSkipListMap<String, Room> rooms = new ConcurrentSkipListMap<>();
  private final int historySize;
  private final int maxRooms;

  Rooms(ChatProperties properties) {
    this.historySize = properties.getHistorySize();
    this.maxRooms = properties.getMaxRooms();
    properties.getRooms().forEach(this::create);
  }

  /** Room names, sorted. */
  List<String> names() {
    return List.copyOf(rooms.keySet());
  }

  Collection<Room> all() {
    return rooms.values();
  }

  /** The room; an error envelope {@code no_such_room} when it does not exist. */
  Room get(String name) {
    Room room = name == null ? null : rooms.get(name);
    if (room == null) {
      throw new WsException("no_such_room", "There is no room " + name + ".");
    }
    return room;
  }

  /** Creates a room; errors {@code bad_room_name}, {@code room_exists}, {@code too_many_rooms}. */
  synchronized Room create(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new WsException("bad_room_name", "A room name is 1 to 24 lower-case letters, digits or '-'.");
    }
    if (rooms.containsKey(name)) {
      throw new WsException("room_exists", "The room " + name + " exists already.");
    }
    if (rooms.size() >= maxRooms) {
      throw new WsException("too_many_rooms", "There are " + maxRooms + " rooms already.");
    }
    Room room = new Room(name, historySize);
    rooms.put(name, room);
    return room;
  }
}
