package dev.duplex.bench;

import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.session.DuplexSession;

/**
 * Sends every text message, unchanged, to every session of {@code /broadcast}, the sender included. It goes
 * through {@link WsMessenger} and a room, so a cluster broker carries it to the other nodes. A binary message
 * ends the session with 1003.
 */
@WsEndpoint("/broadcast")
class BroadcastEndpoint {

  static final String ROOM = "broadcast";

  private final WsMessenger messenger;

  BroadcastEndpoint(WsMessenger messenger) {
    this.messenger = messenger;
  }

  @WsOpen
  void open(DuplexSession session) {
    session.join(ROOM);
  }

  @WsHandler
  void text(String message) {
    messenger.toRoom(ROOM).sendText(message);
  }
}
