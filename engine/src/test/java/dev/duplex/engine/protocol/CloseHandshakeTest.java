package dev.duplex.engine.protocol;

import static dev.duplex.engine.protocol.RawFrames.closeBody;
import static dev.duplex.engine.protocol.RawFrames.concat;
import static dev.duplex.engine.protocol.RawFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.protocol.Deliveries.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The close handshake of RFC 6455 sections 5.5.1, 7 and 7.4: codes, echo, states and the one Close event. */
class CloseHandshakeTest {

  private static final byte[] TRAILER = RawFrames.text("after").masked().bytes();

  private static byte[] clientClose(byte[] body) {
    return RawFrames.close(body).masked().bytes();
  }

  private static byte[] serverCloseFrame(int code) {
    return RawFrames.close(closeBody(code)).bytes();
  }

  private static WsProtocol serverThatSentClose() {
    WsProtocol server = Deliveries.server();
    server.close(CloseStatus.NORMAL);
    return server;
  }

  @Test
  void a1BytePayloadFailsWith1002() {
    Outcome outcome = Deliveries.everyWay(concat(clientClose(hex("03")), TRAILER));

    WsEvent.Close close = outcome.close();
    assertThat(close.status().code()).isEqualTo(1002);
    assertThat(close.byPeer()).isFalse();
    assertThat(outcome.events()).hasSize(1);
    assertThat(outcome.output()).isEqualTo(FrameDecoderRulesTest.expectedCloseFrame(Role.SERVER, close.status()));
  }

  @ParameterizedTest(name = "close code {0} is refused with 1002")
  @ValueSource(ints = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void aCodeThatMayNotBeSentFailsWith1002(int code) {
    Outcome outcome = Deliveries.everyWay(concat(clientClose(closeBody(code, "why")), TRAILER));

    WsEvent.Close close = outcome.close();
    assertThat(close.status().code()).isEqualTo(1002);
    assertThat(close.byPeer()).isFalse();
    assertThat(outcome.events()).hasSize(1);
    assertThat(outcome.output()).isEqualTo(FrameDecoderRulesTest.expectedCloseFrame(Role.SERVER, close.status()));
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  static IntStream sendableCodes() {
    return IntStream.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
        4999);
  }

  @ParameterizedTest(name = "close code {0} is echoed")
  @MethodSource("sendableCodes")
  void aValidCodeIsEchoedAndReportedAsThePeers(int code) {
    Outcome outcome = Deliveries.everyWay(concat(clientClose(closeBody(code)), TRAILER));

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(CloseStatus.of(code), true));
    assertThat(outcome.output()).isEqualTo(serverCloseFrame(code));
    assertThat(outcome.output()).startsWith(0x88, 0x02, code >> 8, code & 0xFF);
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @ParameterizedTest(name = "close code {0} is echoed by a client, masked")
  @MethodSource("sendableCodes")
  void aClientEchoesAValidCodeInAMaskedFrame(int code) {
    Outcome outcome = Deliveries.everyWay(Deliveries::client, RawFrames.close(closeBody(code)).bytes());

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(CloseStatus.of(code), true));
    assertThat(outcome.output())
        .isEqualTo(RawFrames.close(closeBody(code)).masked(Deliveries.CLIENT_MASK_KEY).bytes());
  }

  @Test
  void theReasonIsReportedAndTheEchoCarriesTheCodeOnly() {
    String reason = "bye, ünïcode ✓";
    Outcome outcome = Deliveries.everyWay(clientClose(closeBody(1001, reason)));

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(new CloseStatus(1001, reason), true));
    assertThat(outcome.output()).isEqualTo(hex("88 02 03 e9"));
  }

  @Test
  void a123ByteReasonIsAccepted() {
    String reason = "r".repeat(123);
    Outcome outcome = Deliveries.everyWay(clientClose(closeBody(3000, reason)));

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(new CloseStatus(3000, reason), true));
    assertThat(outcome.output()).isEqualTo(hex("88 02 0b b8"));
  }

  @Test
  void anEmptyCloseIsAnsweredWithAnEmptyCloseAndReportedAs1005() {
    Outcome outcome = Deliveries.everyWay(concat(clientClose(new byte[0]), TRAILER));

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(CloseStatus.of(1005), true));
    assertThat(outcome.output()).isEqualTo(hex("88 00"));
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @Test
  void aClientAnswersAnEmptyCloseWithAnEmptyMaskedClose() {
    Outcome outcome = Deliveries.everyWay(Deliveries::client, hex("88 00"));

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(CloseStatus.of(1005), true));
    assertThat(outcome.output()).isEqualTo(hex("88 80 37 fa 21 3d"));
  }

  @ParameterizedTest(name = "reason {0} is refused with 1007")
  @ValueSource(strings = {"ff", "ed a0 80", "c0 af", "61 e2 82", "f4 90 80 80"})
  void aReasonThatIsNotUtf8FailsWith1007(String reasonHex) {
    Outcome outcome = Deliveries.everyWay(concat(clientClose(concat(hex("03 e8"), hex(reasonHex))), TRAILER));

    WsEvent.Close close = outcome.close();
    assertThat(close.status().code()).isEqualTo(1007);
    assertThat(close.byPeer()).isFalse();
    assertThat(outcome.output()).isEqualTo(FrameDecoderRulesTest.expectedCloseFrame(Role.SERVER, close.status()));
  }

  @Test
  void theClosingFrameOfOurOwnCloseIsExact() {
    assertThat(Deliveries.bytes(Deliveries.server().close(CloseStatus.NORMAL))).isEqualTo(hex("88 02 03 e8"));
    assertThat(Deliveries.bytes(Deliveries.server().close(new CloseStatus(4000, "ok"))))
        .isEqualTo(hex("88 04 0f a0 6f 6b"));
    assertThat(Deliveries.bytes(Deliveries.client().close(CloseStatus.NORMAL)))
        .isEqualTo(RawFrames.close(closeBody(1000)).masked(Deliveries.CLIENT_MASK_KEY).bytes());
  }

  @Test
  void closingWithNoStatusSendsAnEmptyCloseFrame() {
    WsProtocol server = Deliveries.server();

    assertThat(Deliveries.bytes(server.close(CloseStatus.EMPTY))).isEqualTo(hex("88 00"));
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSE_SENT);
  }

  @Test
  void aCloseAfterOurOwnCloseCompletesTheHandshakeWithoutAnEcho() {
    WsProtocol probe = serverThatSentClose();
    assertThat(probe.state()).isEqualTo(WsProtocol.State.CLOSE_SENT);
    assertThat(probe.isOpen()).isFalse();

    Outcome outcome = Deliveries.everyWay(CloseHandshakeTest::serverThatSentClose,
        concat(clientClose(closeBody(1000, "done")), TRAILER));

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(new CloseStatus(1000, "done"), true));
    assertThat(outcome.output()).isEmpty();
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @Test
  void dataReceivedAfterOurOwnCloseIsStillDeliveredAndPingsAreNotAnswered() {
    byte[] input = concat(RawFrames.text("late").masked().bytes(),
        RawFrames.binary(hex("01 02")).fin(false).masked().bytes(),
        RawFrames.ping(hex("70")).masked().bytes(),
        RawFrames.continuation(hex("03")).masked().bytes(),
        RawFrames.pong(hex("71")).masked().bytes(),
        clientClose(new byte[0]),
        TRAILER);

    Outcome outcome = Deliveries.everyWay(CloseHandshakeTest::serverThatSentClose, input);

    assertThat(outcome.events()).extracting(Deliveries::describe).containsExactly("Text [6c 61 74 65]", "Ping [70]",
        "Binary [01 02 03]", "Pong [71]", "Close 1005 '' byPeer=true");
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void aViolationAfterOurOwnCloseEndsTheConnectionWithoutASecondCloseFrame() {
    Outcome outcome = Deliveries.everyWay(CloseHandshakeTest::serverThatSentClose,
        concat(RawFrames.text("ok").masked().bytes(), RawFrames.frame(3).masked().bytes(), TRAILER));

    assertThat(outcome.events()).hasSize(2);
    assertThat(Deliveries.describe(outcome.events().get(0))).isEqualTo("Text [6f 6b]");
    assertThat(outcome.close().status().code()).isEqualTo(1002);
    assertThat(outcome.close().byPeer()).isFalse();
    assertThat(outcome.output()).isEmpty();
    assertThat(outcome.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @Test
  void anInvalidCloseAfterOurOwnCloseIsReportedAsOursWithoutAnAnswer() {
    Outcome outcome = Deliveries.everyWay(CloseHandshakeTest::serverThatSentClose, clientClose(closeBody(1005)));

    assertThat(outcome.close().status().code()).isEqualTo(1002);
    assertThat(outcome.close().byPeer()).isFalse();
    assertThat(outcome.output()).isEmpty();
  }

  @Test
  void inputAfterTheCloseFrameIsIgnoredEvenInTheSameRead() {
    byte[] input = concat(clientClose(closeBody(1000)), RawFrames.ping(hex("01")).masked().bytes(), TRAILER,
        RawFrames.frame(3).masked().bytes());

    Outcome outcome = Deliveries.everyWay(input);

    assertThat(outcome.events()).containsExactly(new WsEvent.Close(CloseStatus.NORMAL, true));
    assertThat(outcome.output()).as("an echo and no pong").isEqualTo(hex("88 02 03 e8"));

    ByteBuffer later = ByteBuffer.wrap(RawFrames.ping(hex("02")).masked().bytes());
    outcome.protocol().receive(later);
    assertThat(later.hasRemaining()).isFalse();
    assertThat(outcome.protocol().nextEvent()).isNull();
    assertThat(outcome.protocol().pollOutput()).isNull();
  }

  @Test
  void endOfStreamReports1006Once() {
    WsProtocol server = Deliveries.server();

    server.receiveEof();
    server.receiveEof();

    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(CloseStatus.ABNORMAL, false));
    assertThat(server.nextEvent()).isNull();
    assertThat(server.pollOutput()).as("nothing is sent into a closed stream").isNull();
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @Test
  void endOfStreamInsideAMessageDropsTheMessageAndReports1006() {
    WsProtocol server = Deliveries.server();
    byte[] frame = RawFrames.continuation("partial").masked().bytes();
    server.receive(ByteBuffer.wrap(RawFrames.text("whole").fin(false).masked().bytes()));
    server.receive(ByteBuffer.wrap(frame, 0, frame.length - 1));

    server.receiveEof();

    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(CloseStatus.ABNORMAL, false));
    assertThat(server.nextEvent()).isNull();
  }

  @Test
  void endOfStreamAfterOurOwnCloseReports1006() {
    WsProtocol server = serverThatSentClose();

    server.receiveEof();

    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(CloseStatus.ABNORMAL, false));
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @Test
  void endOfStreamAfterTheHandshakeAddsNothing() {
    WsProtocol server = Deliveries.server();
    server.receive(ByteBuffer.wrap(clientClose(closeBody(1000))));
    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(CloseStatus.NORMAL, true));

    server.receiveEof();

    assertThat(server.nextEvent()).isNull();
  }

  @Test
  void abortReportsTheGivenStatusOnceAndSendsNothing() {
    WsProtocol server = Deliveries.server();
    CloseStatus timeout = new CloseStatus(1001, "heartbeat timeout");

    server.abort(timeout);
    server.abort(CloseStatus.of(1011));
    server.receive(ByteBuffer.wrap(clientClose(closeBody(1000))));

    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(timeout, false));
    assertThat(server.nextEvent()).isNull();
    assertThat(server.pollOutput()).isNull();
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSED);
  }

  @Test
  void abortAfterOurOwnCloseReportsTheGivenStatus() {
    WsProtocol server = serverThatSentClose();

    server.abort(CloseStatus.of(1006, "close handshake timed out"));

    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(CloseStatus.of(1006, "close handshake timed out"),
        false));
  }

  /** Paths to the end of a connection; every one must report exactly one Close, as its last event. */
  static Stream<Arguments> paths() {
    Consumer<WsProtocol> nothing = p -> { };
    return Stream.of(
        path("peer closes", nothing, p -> p.receive(ByteBuffer.wrap(clientClose(closeBody(1000))))),
        path("peer sends an empty close", nothing, p -> p.receive(ByteBuffer.wrap(clientClose(new byte[0])))),
        path("we close, then the peer", p -> p.close(CloseStatus.NORMAL),
            p -> p.receive(ByteBuffer.wrap(clientClose(closeBody(1000))))),
        path("peer breaks a rule", nothing, p -> p.receive(ByteBuffer.wrap(RawFrames.frame(4).masked().bytes()))),
        path("peer sends invalid text", nothing,
            p -> p.receive(ByteBuffer.wrap(RawFrames.text(hex("ff")).masked().bytes()))),
        path("peer sends too much", nothing,
            p -> p.receive(ByteBuffer.wrap(RawFrames.frame(2).announce(1L << 40).masked().bytes()))),
        path("we close, then the peer breaks a rule", p -> p.close(CloseStatus.NORMAL),
            p -> p.receive(ByteBuffer.wrap(RawFrames.frame(4).masked().bytes()))),
        path("stream ends", nothing, WsProtocol::receiveEof),
        path("we close, then the stream ends", p -> p.close(CloseStatus.NORMAL), WsProtocol::receiveEof),
        path("aborted", nothing, p -> p.abort(CloseStatus.of(1001))),
        path("we close, then abort", p -> p.close(CloseStatus.NORMAL), p -> p.abort(CloseStatus.of(1001))));
  }

  private static Arguments path(String name, Consumer<WsProtocol> before, Consumer<WsProtocol> end) {
    return Arguments.of(name, before, end);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void everyPathReportsExactlyOneCloseAsTheLastEvent(String name, Consumer<WsProtocol> before,
      Consumer<WsProtocol> end) {
    WsProtocol server = Deliveries.server();
    List<WsEvent> events = new ArrayList<>();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    before.accept(server);
    server.receive(ByteBuffer.wrap(RawFrames.text("first").masked().bytes()));

    end.accept(server);
    // Everything that could add a second Close:
    server.receive(ByteBuffer.wrap(clientClose(closeBody(1000))));
    server.receive(ByteBuffer.wrap(RawFrames.frame(4).masked().bytes()));
    server.receiveEof();
    server.abort(CloseStatus.of(1011));
    Deliveries.drain(server, events, output);

    assertThat(events).hasSize(2);
    assertThat(Deliveries.describe(events.get(0))).isEqualTo("Text [66 69 72 73 74]");
    assertThat(events.get(1)).isInstanceOf(WsEvent.Close.class);
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSED);
    assertThat(closeFrames(output.toByteArray())).as("close frames written by the protocol").isLessThanOrEqualTo(1);
  }

  /** Counts the close frames among unmasked frames with 7-bit lengths, as a server writes control frames. */
  private static int closeFrames(byte[] frames) {
    int count = 0;
    for (int i = 0; i < frames.length; i += 2 + (frames[i + 1] & 0x7F)) {
      count += (frames[i] & 0x0F) == 0x8 ? 1 : 0;
    }
    return count;
  }

  /** Every command, each applied to a fresh protocol in the given state. */
  static Stream<Arguments> commands() {
    return Stream.of(
        command("text(String)", p -> p.text("x")),
        command("text(ByteBuffer)", p -> p.text(ByteBuffer.wrap(hex("78")))),
        command("binary", p -> p.binary(ByteBuffer.allocate(1))),
        command("textFragment", p -> p.textFragment(ByteBuffer.wrap(hex("78")), false)),
        command("binaryFragment", p -> p.binaryFragment(ByteBuffer.allocate(1), true)),
        command("ping", p -> p.ping(ByteBuffer.allocate(0))),
        command("pong", p -> p.pong(ByteBuffer.allocate(0))),
        command("close", p -> p.close(CloseStatus.NORMAL)),
        command("prepared text", p -> p.prepared(PreparedMessage.text("x"))),
        command("prepared binary", p -> p.prepared(PreparedMessage.binary(ByteBuffer.allocate(1)))));
  }

  private static Arguments command(String name, Consumer<WsProtocol> command) {
    return Arguments.of(name, command);
  }

  static Stream<Arguments> closedStates() {
    List<Arguments> all = new ArrayList<>();
    List<Arguments> states = List.of(
        Arguments.of("after our close", (Supplier<WsProtocol>) CloseHandshakeTest::serverThatSentClose),
        Arguments.of("after the peer's close", (Supplier<WsProtocol>) () -> {
          WsProtocol p = Deliveries.server();
          p.receive(ByteBuffer.wrap(clientClose(closeBody(1000))));
          return p;
        }),
        Arguments.of("after a violation", (Supplier<WsProtocol>) () -> {
          WsProtocol p = Deliveries.server();
          p.receive(ByteBuffer.wrap(RawFrames.frame(4).masked().bytes()));
          return p;
        }),
        Arguments.of("after end of stream", (Supplier<WsProtocol>) () -> {
          WsProtocol p = Deliveries.server();
          p.receiveEof();
          return p;
        }),
        Arguments.of("after abort", (Supplier<WsProtocol>) () -> {
          WsProtocol p = Deliveries.client();
          p.abort(CloseStatus.of(1001));
          return p;
        }));
    for (Arguments state : states) {
      commands().forEach(command -> all.add(Arguments.of(state.get()[0], state.get()[1], command.get()[0],
          command.get()[1])));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{2} {0} throws IllegalStateException")
  @MethodSource("closedStates")
  void commandsAfterACloseThrowIllegalStateException(String state, Supplier<WsProtocol> protocol, String name,
      Consumer<WsProtocol> command) {
    WsProtocol p = protocol.get();
    Deliveries.drain(p, new ArrayList<>(), new ByteArrayOutputStream());
    WsProtocol.State before = p.state();

    assertThatThrownBy(() -> command.accept(p)).isInstanceOf(IllegalStateException.class);
    assertThat(p.state()).isEqualTo(before);
    assertThat(p.pollOutput()).as("output queued by the command").isNull();
    assertThat(p.nextEvent()).as("event raised by the command").isNull();
  }

  @ParameterizedTest(name = "{0} while open returns a frame")
  @MethodSource("commands")
  void everyCommandWorksWhileOpen(String name, Consumer<WsProtocol> command) {
    WsProtocol p = Deliveries.server();

    command.accept(p);

    assertThat(p.state()).isEqualTo(name.equals("close") ? WsProtocol.State.CLOSE_SENT : WsProtocol.State.OPEN);
  }

  @ParameterizedTest(name = "close({0}) throws IllegalArgumentException")
  @ValueSource(ints = {0, 999, 1004, 1006, 1015, 1016, 2999, 5000, 65535})
  void closingWithACodeThatMayNotBeSentThrowsAndStaysOpen(int code) {
    WsProtocol server = Deliveries.server();

    assertThatThrownBy(() -> server.close(CloseStatus.of(code))).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.state()).isEqualTo(WsProtocol.State.OPEN);
    assertThat(Deliveries.bytes(server.text("still open"))).startsWith(0x81, 10);
  }

  @Test
  void closingWithAReasonOver123BytesOfUtf8ThrowsAndStaysOpen() {
    WsProtocol server = Deliveries.server();
    String ascii124 = "a".repeat(124);
    String twoByte62 = "é".repeat(62);

    assertThatThrownBy(() -> server.close(new CloseStatus(1000, ascii124)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.close(new CloseStatus(1000, twoByte62)))
        .as("62 characters but 124 bytes").isInstanceOf(IllegalArgumentException.class);
    assertThat(server.state()).isEqualTo(WsProtocol.State.OPEN);

    ByteBuffer frame = server.close(new CloseStatus(1000, "a".repeat(123)));
    assertThat(Deliveries.bytes(frame)).isEqualTo(RawFrames.close(closeBody(1000, "a".repeat(123))).bytes());
    assertThat(frame.remaining()).isEqualTo(2 + 125);
  }

  @Test
  void bothSidesCompleteTheHandshakeAndEachReportsTheOthersStatus() {
    WsProtocol client = Deliveries.client();
    WsProtocol server = Deliveries.server();

    server.receive(client.close(new CloseStatus(4001, "client leaving")));
    ByteBuffer echo = server.pollOutput();
    client.receive(echo);

    assertThat(server.nextEvent()).isEqualTo(new WsEvent.Close(new CloseStatus(4001, "client leaving"), true));
    assertThat(client.nextEvent()).isEqualTo(new WsEvent.Close(CloseStatus.of(4001), true));
    assertThat(client.pollOutput()).as("the client does not answer the echo").isNull();
    assertThat(client.state()).isEqualTo(WsProtocol.State.CLOSED);
    assertThat(server.state()).isEqualTo(WsProtocol.State.CLOSED);
  }
}
