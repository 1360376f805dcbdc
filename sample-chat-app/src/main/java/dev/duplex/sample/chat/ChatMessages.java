package dev.duplex.sample.chat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The payloads of the chat's envelopes; docs/browser-client.md lists the conversation they make up. */
final class ChatMessages {

  /** Longest message, in UTF-16 code units as the browser counts them. */
  static final int MAX_TEXT = 500;

  private ChatMessages() {
  }

  /** {@code room.create}, {@code room.join}, {@code room.leave} and {@code typing}, from a client. */
  record RoomRef(@NotNull String room) {
  }

  /** {@code chat.send}, from a client. */
  record SendText(@NotNull String room, @NotBlank @Size(max = MAX_TEXT) String text) {
  }

  /** {@code dm.send}, from a client. */
  record SendDirect(@NotBlank String to, @NotBlank @Size(max = MAX_TEXT) String text) {
  }

  /** {@code chat.message}, to the others in the room; also an entry of a room's history. */
  record ChatMessage(String id, String room, String from, String text, Instant at) {
  }

  /** {@code dm.message}, to the recipient's sessions and the sender's other sessions. */
  record DirectMessage(String id, String from, String to, String text, Instant at) {
  }

  /** The reply to {@code chat.send} and {@code dm.send}: the message is stored and on its way. */
  record Sent(String id, Instant at) {
  }

  /** The reply to {@code rooms.list}. */
  record RoomList(List<String> rooms) {
  }

  /** The reply to {@code room.create}; also {@code room.created}, to everyone. */
  record RoomCreated(String room) {
  }

  /** The reply to {@code room.join}: who is there and what was said lately, oldest first. */
  record Joined(String room, List<String> members, List<ChatMessage> history) {
  }

  /** The reply to {@code room.leave}. */
  record Left(String room) {
  }

  /** {@code presence.joined} and {@code presence.left}, to the others in the room. */
  record PresenceChange(String room, String user) {
  }

  /** {@code typing}, to the others in the room; the page shows it for a few seconds. */
  record Typing(String room, String user) {
  }

  /** The reply to {@code ping}, which the browser client sends when the connection has been quiet. */
  record Pong(Instant at) {
  }
}
