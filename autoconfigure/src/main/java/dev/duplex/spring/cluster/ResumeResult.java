package dev.duplex.spring.cluster;

/**
 * The answer to a resume: whether the session received everything it missed in a room, and from which offset
 * to resume next time.
 *
 * @param recovered whether every missed message was replayed; when {@code false} nothing was, and the client
 *     should reload the room's state
 * @param offset the room's newest offset when the resume was answered
 * @param missed how many messages the room had after the client's offset: on {@code false}, the size of the gap
 * @param replayed how many messages were sent, each marked {@code "recovered": true}
 * @param reason {@code null} when recovered; {@value #TOO_OLD} when the history no longer holds them all;
 *     {@value #UNKNOWN_OFFSET} when the offset is ahead of the room (its history was lost, for example)
 */
public record ResumeResult(String room, boolean recovered, long offset, long missed, int replayed, String reason) {

  /** Some missed messages aged or were trimmed out of the history. */
  public static final String TOO_OLD = "too_old";

  /** The offset is newer than the room's newest message. */
  public static final String UNKNOWN_OFFSET = "unknown_offset";
}
