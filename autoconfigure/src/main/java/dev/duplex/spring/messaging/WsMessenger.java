package dev.duplex.spring.messaging;

/**
 * Sends to sessions from anywhere in the application: one session, every session of a user, a room, or everyone.
 *
 * <pre>{@code
 * messenger.toRoom("lobby").except(session.id()).send("chat.message", message);
 * messenger.toUser("alice").send("notification", notice);
 * }</pre>
 *
 * <p>Each send encodes the message once and shares the bytes among its recipients. Sends never block; a
 * recipient that lags is handled by the delivery policy of the message type.
 */
public interface WsMessenger {

  Recipients toSession(String sessionId);

  /** Every session of the user, by {@link java.security.Principal#getName()}. */
  Recipients toUser(String user);

  /** Every session that joined the room. */
  Recipients toRoom(String room);

  /** Every open session of every endpoint. */
  Recipients toAll();

  /** A set of recipients, narrowed and then sent to. */
  interface Recipients {

    /** The same recipients without this session, typically the sender. */
    Recipients except(String sessionId);

    /** Sends the envelope {@code {"type": type, "data": data}}; returns how many sessions it was given to. */
    int send(String type, Object data);

    /**
     * Sends an envelope whose type has the {@link DeliveryPolicy#LATEST} policy under a key, so that only the
     * newest pending message per key and type is kept for a lagging recipient (for example one cursor per user).
     */
    int send(String type, String key, Object data);

    /** Sends a text message as it is, without an envelope. */
    int sendText(String text);

    /** Sends a binary message as it is. */
    int sendBinary(byte[] data);
  }
}
