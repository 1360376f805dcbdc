package dev.duplex.sample.chat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.sample.chat.ChatMessages.ChatMessage;
import dev.duplex.sample.chat.ChatMessages.Presence;
import dev.duplex.sample.chat.ChatMessages.SendText;
import dev.duplex.sample.chat.ChatMessages.Sent;
import dev.duplex.spring.annotation.QueryParam;
import dev.duplex.spring.annotation.WsClose;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.annotation.WsAttribute;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.session.DuplexSession;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One room everyone joins with a name. Clients send {@code chat.send}; everyone receives {@code chat.message}
 * and {@code presence}.
 */
@WsEndpoint("/chat")
class ChatEndpoint {

  static final String ROOM = "lobby";
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,32}");

  private final WsMessenger messenger;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  ChatEndpoint(WsMessenger messenger) {
    this.messenger = messenger;
  }

  @WsOpen
  void open(DuplexSession session, @QueryParam(required = false) String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new WsException("bad_name", "name must be 1 to 32 letters, digits, '.', '_' or '-'");
    }
    session.attributes().put("name", name);
    names.put(session.id(), name);
    session.join(ROOM);
    broadcastPresence();
  }

  @WsHandler("chat.send")
  Sent send(@Valid SendText command, @WsAttribute String name) {
    Instant now = Instant.now();
    messenger.toRoom(ROOM).send("chat.message", new ChatMessage(name, command.text().strip(), now));
    return new Sent(now);
  }

  @WsClose
  void close(DuplexSession session, CloseStatus status) {
    if (names.remove(session.id()) != null) {
      broadcastPresence();
    }
  }

  /** Synchronized so that presence snapshots reach everyone in the order they were taken. */
  private synchronized void broadcastPresence() {
    messenger.toRoom(ROOM).send("presence", new Presence(new TreeSet<>(names.values())));
  }
}
