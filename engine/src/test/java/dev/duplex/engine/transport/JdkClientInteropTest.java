package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server against an independent client: the JDK's {@code java.net.http.WebSocket}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdkClientInteropTest {

  private static final int SIXTEEN_MIB = 16 << 20;

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener echo = RecordingListener.echoing();
  private final RecordingListener fragments = new RecordingListener() {
    @Override
    public void onText(WsSession session, String text) {
      super.onText(session, text);
      byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
      session.sendTextFragment(ByteBuffer.wrap(Wire.utf8("Hello, ")), false);
      session.sendTextFragment(ByteBuffer.wrap(euro, 0, 1), false);
      session.sendTextFragment(ByteBuffer.wrap(euro, 1, 2), false);
      session.sendTextFragment(ByteBuffer.wrap(Wire.utf8(" world")), true);
    }
  };
  private WsServer server;

  @BeforeEach
  void startServer() throws Exception {
    WsConfig config = Loopback.withMaxMessageSize(WsConfig.defaults(), SIXTEEN_MIB);
    server = Loopback.server(cleanup, config,
        WsRoutes.builder().route("/echo", echo).route("/fragments", fragments).build());
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  @Test
  void aTextMessageIsEchoed() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));

    client.sendText("hello, duplex ✓");

    assertThat(client.nextText()).isEqualTo("hello, duplex ✓");
    assertThat(echo.nextText()).isEqualTo("hello, duplex ✓");
  }

  @Test
  void aBinaryMessageIsEchoed() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    byte[] message = {0, 1, 2, (byte) 0xFF, (byte) 0x80};

    client.sendBinary(message);

    assertThat(client.nextBinary()).isEqualTo(message);
  }

  @Test
  void aMessageTheClientSendsInFragmentsReachesTheListenerWhole() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));

    await(client.webSocket().sendText("frag", false), "first fragment");
    await(client.webSocket().sendText("men", false), "second fragment");
    await(client.webSocket().sendText("ted", true), "last fragment");
    await(client.webSocket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false), "first binary fragment");
    await(client.webSocket().sendBinary(ByteBuffer.wrap(new byte[] {3}), true), "last binary fragment");

    assertThat(echo.nextText()).isEqualTo("fragmented");
    assertThat(echo.nextBinary()).containsExactly(1, 2, 3);
    assertThat(echo.texts).isEmpty();
    assertThat(client.nextText()).isEqualTo("fragmented");
  }

  @ParameterizedTest(name = "a binary message of {0} bytes crosses in both directions unchanged")
  @ValueSource(ints = {0, 125, 126, 65535, 65536, SIXTEEN_MIB})
  void binaryMessagesOfBoundarySizesCrossInBothDirections(int size) {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    byte[] message = randomBytes(size);

    client.sendBinary(message);

    assertSameBytes(echo.nextBinary(), message, "received by the server");
    assertSameBytes(client.nextBinary(), message, "echoed to the client");
  }

  /**
   * Text stops at 1 MiB from the client: the JDK sends a large text as many frames, and the server reassembles a
   * 16 MiB message of 16 KiB frames in seconds, not milliseconds (see {@code MessageAssembler}). 16 MiB of text
   * from the server is covered below.
   */
  @ParameterizedTest(name = "a text message of {0} bytes crosses in both directions unchanged")
  @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
  void textMessagesOfBoundarySizesCrossInBothDirections(int size) {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    String message = randomAscii(size);

    client.sendText(message);

    assertSameText(echo.nextText(), message, "received by the server");
    assertSameText(client.nextText(), message, "echoed to the client");
  }

  @Test
  void aTextMessageOfSixteenMebibytesFromTheServerReachesTheClientWhole() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    WsSession session = echo.awaitSession();
    String message = randomAscii(SIXTEEN_MIB);

    await(session.sendText(message), "sendText of 16 MiB");

    assertSameText(client.nextText(), message, "received by the client");
  }

  @Test
  void aMessageTheServerSendsInFragmentsReachesTheClientWhole() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/fragments"));

    client.sendText("send fragments");

    assertThat(client.nextText()).isEqualTo("Hello, € world");
  }

  @Test
  void aPingFromTheClientIsAnsweredWithAPongCarryingTheSamePayload() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));

    await(client.webSocket().sendPing(ByteBuffer.wrap(Wire.utf8("are you there?"))), "JDK sendPing");

    assertThat(Loopback.next(client.pongs, "pong")).isEqualTo(Wire.utf8("are you there?"));
    assertThat(Loopback.next(echo.pings, "ping at the server")).isEqualTo(Wire.utf8("are you there?"));
  }

  @Test
  void aPingFromTheServerReachesTheClientWhichAnswersIt() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    WsSession session = echo.awaitSession();

    await(session.sendPing(ByteBuffer.wrap(Wire.utf8("heartbeat 1"))), "sendPing");

    assertThat(Loopback.next(client.pings, "ping at the client")).isEqualTo(Wire.utf8("heartbeat 1"));
    assertThat(Loopback.next(echo.pongs, "pong at the server")).isEqualTo(Wire.utf8("heartbeat 1"));
  }

  @Test
  void whenTheClientClosesTheListenerSeesItsStatusAndTheClientGetsTheEcho() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    WsSession session = echo.awaitSession();

    await(client.webSocket().sendClose(CloseStatus.NORMAL_CLOSURE, "bye"), "JDK sendClose");

    assertThat(echo.awaitClose()).isEqualTo(CloseStatus.of(1000, "bye"));
    assertThat(client.awaitClose().code()).isEqualTo(1000);
    assertThat(session.isOpen()).isFalse();
    assertThat(server.stats().closes()).containsEntry(1000, 1L);
  }

  @Test
  void whenTheServerClosesTheClientSeesItsStatusAndTheCloseCompletesOnceAnswered() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    WsSession session = echo.awaitSession();

    await(session.close(CloseStatus.of(4000, "done here")), "server close");

    assertThat(client.awaitClose()).isEqualTo(CloseStatus.of(4000, "done here"));
    assertThat(echo.awaitClose()).isEqualTo(CloseStatus.of(4000, "done here"));
    assertThat(server.sessions()).isEmpty();
  }

  @Test
  void aCloseWhoseReasonDoesNotFitAFrameFailsAndTheSessionStaysOpen() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    WsSession session = echo.awaitSession();

    Throwable failure = Loopback.failure(session.close(CloseStatus.of(4000, "x".repeat(124))), "close");

    assertThat(failure).isInstanceOf(IllegalArgumentException.class);
    assertThat(session.isOpen()).isTrue();
    client.sendText("still open");
    assertThat(client.nextText()).isEqualTo("still open");
  }

  @Test
  void whenTheClientAbortsTheListenerSeesAnAbnormalClosure() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    echo.awaitSession();

    client.webSocket().abort();

    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
  }

  @Test
  void aProtocolViolationIsAnsweredWithCloseProtocolErrorAndThenTheConnectionIsClosed() throws Exception {
    RawClient raw = cleanup.add(RawClient.connect(server.port())).upgrade("/echo");

    raw.write(Wire.unmasked(true, Wire.TEXT, Wire.utf8("clients must mask")));

    Wire.Frame close = raw.readFrame();
    assertThat(close.opcode()).isEqualTo(Wire.CLOSE);
    assertThat(close.closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
    assertThat(raw.isClosedByPeer()).as("TCP connection closed after the close frame").isTrue();
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static String randomAscii(int size) {
    Random random = new Random(size);
    char[] chars = new char[size];
    for (int i = 0; i < size; i++) {
      chars[i] = (char) (' ' + random.nextInt(95));
    }
    return new String(chars);
  }

  private static void assertSameText(String actual, String expected, String what) {
    assertSameBytes(Wire.utf8(actual), Wire.utf8(expected), what);
  }

  /** Compares without printing megabytes when they differ. */
  private static void assertSameBytes(byte[] actual, byte[] expected, String what) {
    assertThat(actual.length).as("length of the message %s", what).isEqualTo(expected.length);
    assertThat(Arrays.mismatch(actual, expected)).as("first differing byte of the message %s", what).isEqualTo(-1);
  }
}
