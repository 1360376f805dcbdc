package dev.duplex.spring.messaging;

import tools.jackson.databind.JsonNode;

/**
 * A message in the wire envelope: {@code {"type": "chat.send", "id": "42", "data": {...}}}.
 *
 * @param type routes the message to the {@code @WsHandler} of that type
 * @param id chosen by the client to correlate the reply ({@code "replyTo"}); {@code null} when absent
 * @param data the payload; a {@code NullNode} or {@code MissingNode} when absent
 */
public record Envelope(String type, String id, JsonNode data) {
}
