package dev.duplex.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.sample.chat.ChatMessages.ChatMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoomTest {

  private final Room room = new Room("lobby", 3);

  @Test
  void aUserIsPresentWhileAnyOfTheirSessionsIsInTheRoom() {
    assertThat(room.enter("s1", "alice")).isTrue();
    assertThat(room.enter("s2", "alice")).isFalse();
    assertThat(room.enter("s3", "bob")).isTrue();
    assertThat(room.members()).containsExactly("alice", "bob");

    assertThat(room.exit("s1")).isEqualTo(Room.Exit.USER_STILL_PRESENT);
    assertThat(room.exit("s2")).isEqualTo(Room.Exit.USER_LEFT);
    assertThat(room.exit("s2")).isEqualTo(Room.Exit.NOT_A_MEMBER);
    assertThat(room.members()).containsExactly("bob");
  }

  @Test
  void enteringTwiceWithOneSessionCountsOnce() {
    room.enter("s1", "alice");
    room.enter("s1", "alice");

    assertThat(room.exit("s1")).isEqualTo(Room.Exit.USER_LEFT);
  }

  @Test
  void theHistoryKeepsTheNewestMessagesOldestFirst() {
    for (int i = 1; i <= 5; i++) {
      room.record(new ChatMessage("m" + i, "lobby", "alice", "text " + i, Instant.EPOCH.plusSeconds(i)));
    }

    assertThat(room.history()).extracting(ChatMessage::id).containsExactly("m3", "m4", "m5");
  }
}
