package dev.duplex.spring.cluster;

import java.util.List;

/**
 * What a room's history holds after an offset.
 *
 * @param latest the offset of the room's newest message; 0 when the room never had one
 * @param missed how many messages the room had after the requested offset
 * @param messages those the history still holds, oldest first; all of them unless some aged or were trimmed out
 */
public record HistorySlice(long latest, long missed, List<ClusterMessage> messages) {

  public HistorySlice {
    messages = List.copyOf(messages);
  }

  /** Whether the history holds every missed message. */
  public boolean complete() {
    return missed >= 0 && messages.size() == missed;
  }
}
