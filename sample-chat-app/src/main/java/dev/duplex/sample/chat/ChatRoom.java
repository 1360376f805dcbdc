package dev.duplex.sample.chat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.HandshakeHandler;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.handshake.HandshakeRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One room everyone joins. Clients send {@code {"type":"chat.send","data":{"text":"..."}}}; the room sends
 * {@code chat.message}, {@code presence} and {@code error} envelopes. Each message is encoded once and shared by
 * every recipient.
 */
final class ChatRoom implements WsListener, HandshakeHandler {

  static final String PATH = "/chat";
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,32}");
  private static final String NAME_ATTRIBUTE = "name";

  private final JsonMapper json;
  private final int maxTextLength;
  private final Map<String, WsSession> members = new ConcurrentHashMap<>();

  ChatRoom(JsonMapper json, int maxTextLength) {
    this.json = json;
    this.maxTextLength = maxTextLength;
  }

  @Override
  public HandshakeDecision handle(HandshakeRequest request) {
    if (!PATH.equals(request.path())) {
      return HandshakeDecision.reject(404, "no chat at " + request.path());
    }
    String name = request.queryParameter(NAME_ATTRIBUTE);
    if (name == null || !NAME.matcher(name).matches()) {
      return HandshakeDecision.reject(400, "name must be 1 to 32 letters, digits, '.', '_' or '-'");
    }
    return HandshakeDecision.accept(this, List.of(), Map.of(NAME_ATTRIBUTE, name));
  }

  @Override
  public void onOpen(WsSession session) {
    members.put(session.id(), session);
    broadcastPresence();
  }

  @Override
  public void onText(WsSession session, String text) {
    String body;
    try {
      JsonNode envelope = json.readTree(text);
      if (!"chat.send".equals(envelope.path("type").asString(""))) {
        reply(session, envelope, error("unknown_type", "unknown message type"));
        return;
      }
      body = envelope.path("data").path("text").asString("").strip();
      if (body.isEmpty() || body.length() > maxTextLength) {
        reply(session, envelope, error("bad_request", "text must be 1 to " + maxTextLength + " characters"));
        return;
      }
      reply(session, envelope, Map.of("type", "chat.sent", "data", Map.of()));
    } catch (JacksonException e) {
      session.sendText(json.writeValueAsString(error("bad_json", "message is not a JSON envelope")));
      return;
    }
    broadcast(Map.of("type", "chat.message", "data", Map.of(
        "from", session.attributes().get(NAME_ATTRIBUTE),
        "text", body,
        "at", Instant.now().toString())));
  }

  @Override
  public void onClose(WsSession session, CloseStatus status) {
    if (members.remove(session.id()) != null) {
      broadcastPresence();
    }
  }

  private void reply(WsSession session, JsonNode request, Map<String, Object> envelope) {
    JsonNode id = request.get("id");
    Map<String, Object> reply = id == null ? envelope : withReplyTo(envelope, id.asString());
    session.sendText(json.writeValueAsString(reply));
  }

  private static Map<String, Object> withReplyTo(Map<String, Object> envelope, String id) {
    return Map.of("type", envelope.get("type"), "replyTo", id, "data", envelope.get("data"));
  }

  private static Map<String, Object> error(String code, String message) {
    return Map.of("type", "error", "data", Map.of("code", code, "message", message));
  }

  private void broadcastPresence() {
    TreeSet<Object> names = new TreeSet<>();
    members.values().forEach(member -> names.add(member.attributes().get(NAME_ATTRIBUTE)));
    broadcast(Map.of("type", "presence", "data", Map.of("users", names)));
  }

  private void broadcast(Map<String, Object> envelope) {
    PreparedMessage message = PreparedMessage.text(json.writeValueAsString(envelope));
    for (WsSession member : members.values()) {
      member.send(message);
    }
  }
}
