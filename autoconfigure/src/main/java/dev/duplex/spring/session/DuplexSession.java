package dev.duplex.spring.session;

import dev.duplex.engine.WsSession;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A session of an {@link dev.duplex.spring.annotation.WsEndpoint}: the engine's {@link WsSession} plus what the
 * programming model adds: the endpoint and its path variables, the user, rooms, and envelope sends.
 *
 * <p>Handler parameters may be declared as {@code DuplexSession} or as {@code WsSession}; both receive this.
 */
public interface DuplexSession extends WsSession {

  /** The path template of the endpoint, such as {@code /chat/{room}}. */
  String endpoint();

  /** The values of the endpoint's path variables for this session. */
  Map<String, String> pathVariables();

  /** The authenticated user, or {@code null} for an anonymous session. */
  Principal principal();

  /**
   * Associates a user with this session, so that messages sent to that user reach it. Security integrations
   * call this at the handshake; applications that authenticate in-band call it themselves.
   */
  void setPrincipal(Principal principal);

  /** Joins a room: messages sent to the room reach this session until it leaves or closes. */
  void join(String room);

  void leave(String room);

  /** The rooms this session has joined, a snapshot. */
  Set<String> rooms();

  /**
   * Sends an envelope {@code {"type": type, "data": data}}, subject to the delivery policy configured for the
   * type.
   */
  CompletionStage<Void> send(String type, Object data);
}
