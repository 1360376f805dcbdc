package dev.duplex.spring.messaging;

import dev.duplex.engine.PreparedMessage;
import dev.duplex.spring.session.DefaultDuplexSession;
import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.session.SessionRegistry;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** The {@link WsMessenger} of a single node: recipients are looked up in this node's {@link SessionRegistry}. */
public final class LocalMessenger implements WsMessenger {

  private final SessionRegistry registry;
  private final EnvelopeCodec codec;
  private final DeliveryPolicies policies;

  public LocalMessenger(SessionRegistry registry, EnvelopeCodec codec, DeliveryPolicies policies) {
    this.registry = registry;
    this.codec = codec;
    this.policies = policies;
  }

  @Override
  public Recipients toSession(String sessionId) {
    return new LocalRecipients(() -> {
      DuplexSession session = registry.session(sessionId);
      return session == null ? List.of() : List.of(session);
    }, null);
  }

  @Override
  public Recipients toUser(String user) {
    return new LocalRecipients(() -> registry.user(user), null);
  }

  @Override
  public Recipients toRoom(String room) {
    return new LocalRecipients(() -> registry.room(room), null);
  }

  @Override
  public Recipients toAll() {
    return new LocalRecipients(registry::sessions, null);
  }

  private final class LocalRecipients implements Recipients {

    private final Supplier<Collection<DuplexSession>> sessions;
    private final String excluded;

    LocalRecipients(Supplier<Collection<DuplexSession>> sessions, String excluded) {
      this.sessions = sessions;
      this.excluded = excluded;
    }

    @Override
    public Recipients except(String sessionId) {
      return new LocalRecipients(sessions, sessionId);
    }

    @Override
    public int send(String type, Object data) {
      return send(type, null, data);
    }

    @Override
    public int send(String type, String key, Object data) {
      PreparedMessage frame = PreparedMessage.text(codec.encode(type, null, data));
      return deliver(policies.message(frame, type, key));
    }

    @Override
    public int sendText(String text) {
      return deliver(OutboundMessage.raw(PreparedMessage.text(text)));
    }

    @Override
    public int sendBinary(byte[] data) {
      return deliver(OutboundMessage.raw(PreparedMessage.binary(ByteBuffer.wrap(data))));
    }

    private int deliver(OutboundMessage message) {
      int count = 0;
      for (DuplexSession session : sessions.get()) {
        if (!session.id().equals(excluded) && session.isOpen()) {
          ((DefaultDuplexSession) session).deliver(message);
          count++;
        }
      }
      return count;
    }
  }
}
