package dev.duplex.sample.chat;

import dev.duplex.sample.chat.ChatMessages.ChatMessage;
import dev.duplex.sample.chat.ChatMessages.DirectMessage;
import dev.duplex.sample.chat.ChatMessages.Joined;
import dev.duplex.sample.chat.ChatMessages.Left;
import dev.duplex.sample.chat.ChatMessages.Pong;
import dev.duplex.sample.chat.ChatMessages.PresenceChange;
import dev.duplex.sample.chat.ChatMessages.RoomCreated;
import dev.duplex.sample.chat.ChatMessages.RoomList;
import dev.duplex.sample.chat.ChatMessages.RoomRef;
import dev.duplex.sample.chat.ChatMessages.SendDirect;
import dev.duplex.sample.chat.ChatMessages.SendText;
import dev.duplex.sample.chat.ChatMessages.Sent;
import dev.duplex.sample.chat.ChatMessages.Typing;
import dev.duplex.spring.annotation.WsClose;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.security.WsSecured;
import dev.duplex.spring.session.DuplexSession;
import jakarta.validation.Valid;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The conversation: rooms with presence, history and typing, and direct messages between users. Every session
 * brings a token from {@code /api/sign-in}; its subject is the user's name.
 */
@WsSecured
@WsEndpoint(ChatEndpoint.PATH)
class ChatEndpoint {

  static final String PATH = "/chat";

  private final WsMessenger messenger;
  private final Rooms rooms;
  private final Clock clock = Clock.systemUTC();

  ChatEndpoint(WsMessenger messenger, Rooms rooms) {
    this.messenger = messenger;
    this.rooms = rooms;
  }

  /** Answers the browser client's heartbeat probe. */
  @WsHandler("ping")
  Pong ping() {
    return new Pong(clock.instant());
  }

  @WsHandler("rooms.list")
  RoomList list() {
    return new RoomList(rooms.names());
  }

  @WsHandler("room.create")
  RoomCreated create(@Valid RoomRef command) {
    Room room = rooms.create(command.room());
    RoomCreated created = new RoomCreated(room.name());
    messenger.toAll().send("room.created", created);
    return created;
  }

  @WsHandler("room.join")
  Joined join(@Valid RoomRef command, DuplexSession session, Principal user) {
    Room room = rooms.get(command.room());
    synchronized (room) {
      session.join(room.name());
      if (room.enter(session.id(), user.getName())) {
        messenger.toRoom(room.name()).except(session.id())
            .send("presence.joined", new PresenceChange(room.name(), user.getName()));
      }
      return new Joined(room.name(), room.members(), room.history());
    }
  }

  @WsHandler("room.leave")
  Left leave(@Valid RoomRef command, DuplexSession session, Principal user) {
    Room room = rooms.get(command.room());
    exit(room, session, user.getName());
    return new Left(room.name());
  }

  /** Sends to the others in the room; the sender learns from the reply that the message is stored and sent. */
  @WsHandler("chat.send")
  Sent send(@Valid SendText command, DuplexSession session, Principal user) {
    Room room = member(command.room(), session);
    ChatMessage message = new ChatMessage(newId(), room.name(), user.getName(), command.text().strip(),
        clock.instant());
    synchronized (room) {
      room.record(message);
      messenger.toRoom(room.name()).except(session.id()).send("chat.message", message);
    }
    return new Sent(message.id(), message.at());
  }

  /** Tells the others in the room that this user is typing; the page forgets it after a few seconds. */
  @WsHandler("typing")
  void typing(@Valid RoomRef command, DuplexSession session, Principal user) {
    Room room = member(command.room(), session);
    messenger.toRoom(room.name()).except(session.id()).send("typing", new Typing(room.name(), user.getName()));
  }

  /** Sends to every session of the recipient, and to the sender's other sessions so that all their tabs agree. */
  @WsHandler("dm.send")
  Sent direct(@Valid SendDirect command, DuplexSession session, Principal user) {
    if (command.to().equals(user.getName())) {
      throw new WsException("bad_recipient", "Direct messages go to someone else.");
    }
    DirectMessage message = new DirectMessage(newId(), user.getName(), command.to(), command.text().strip(),
        clock.instant());
    if (messenger.toUser(command.to()).send("dm.message", message) == 0) {
      throw new WsException("user_offline", command.to() + " is not online.");
    }
    messenger.toUser(user.getName()).except(session.id()).send("dm.message", message);
    return new Sent(message.id(), message.at());
  }

  @WsClose
  void close(DuplexSession session) {
    Principal user = session.principal();
    for (Room room : rooms.all()) {
      exit(room, session, user == null ? null : user.getName());
    }
  }

  private void exit(Room room, DuplexSession session, String user) {
    synchronized (room) {
      session.leave(room.name());
      if (room.exit(session.id()) == Room.Exit.USER_LEFT) {
        messenger.toRoom(room.name()).send("presence.left", new PresenceChange(room.name(), user));
      }
    }
  }

  private Room member(String name, DuplexSession session) {
    Room room = rooms.get(name);
    if (!room.hasSession(session.id())) {
      throw new WsException("not_in_room", "Join " + name + " first.");
    }
    return room;
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
