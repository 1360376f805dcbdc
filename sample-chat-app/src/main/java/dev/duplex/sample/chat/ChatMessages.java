package dev.duplex.sample.chat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Collection;

/** The payloads of the chat's envelopes. */
final class ChatMessages {

  private ChatMessages() {
  }

  /** {@code chat.send}, from a client. */
  record SendText(@NotBlank @Size(max = 500) String text) {
  }

  /** {@code chat.message}, to everyone in the room. */
  record ChatMessage(String from, String text, Instant at) {
  }

  /** The reply to {@code chat.send}. */
  record Sent(Instant at) {
  }

  /** {@code presence}, to everyone in the room when someone joins or leaves. */
  record Presence(Collection<String> users) {
  }
}
