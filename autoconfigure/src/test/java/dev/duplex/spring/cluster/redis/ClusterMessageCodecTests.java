package dev.duplex.spring.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.spring.cluster.ClusterMessage;
import dev.duplex.spring.cluster.Target;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClusterMessageCodecTests {

  private final ClusterMessageCodec codec = new ClusterMessageCodec();

  @Test
  void anEnvelopeWithAwkwardNamesSurvivesTheRoundTrip() {
    ClusterMessage message = ClusterMessage.envelope("node 1", Target.room("room = - %20 ü\n"), "s-1", "chat.message",
        "-", "{\"text\":\"line\\nbreak\"}").withOffset(42);

    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  @Test
  void rawTextBinaryAndMissingFieldsSurviveTheRoundTrip() {
    ClusterMessage text = ClusterMessage.text("n", Target.all(), null, "plain\ntext");
    ClusterMessage binary = ClusterMessage.binary("n", Target.user("ada"), null, new byte[] {0, '\n', -1});

    assertThat(codec.decode(codec.encode(text))).isEqualTo(text);
    assertThat(codec.decode(codec.encode(binary))).isEqualTo(binary);
  }

  @Test
  void theOffsetGoesBetweenHeadAndTailAsTheHistoryScriptWritesIt() {
    ClusterMessage message = ClusterMessage.envelope("n", Target.room("r"), null, "t", null, "1");
    byte[] head = codec.head(message);
    byte[] tail = codec.tail(message);
    byte[] written = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, written, 0, head.length);
    written[head.length] = '7';
    System.arraycopy(tail, 0, written, head.length + 1, tail.length);

    assertThat(codec.decode(written)).isEqualTo(message.withOffset(7));
  }

  @Test
  void bytesThatAreNotAClusterMessageAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> codec.decode("hello".getBytes(StandardCharsets.UTF_8)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> codec.decode("D9 a b c d e f g h\n".getBytes(StandardCharsets.UTF_8)));
  }
}
