package dev.duplex.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.protocol.DeflateParameters;
import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.protocol.Role;
import dev.duplex.engine.protocol.WsEvent;
import dev.duplex.engine.protocol.WsProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Arbitrary bytes from the peer, in pieces the fuzzer cuts (see {@link Pieces}), into a fresh {@link WsProtocol},
 * followed by the end of the stream. Whatever the bytes:
 * <ul>
 *   <li>nothing is thrown and every read consumes all it is given;</li>
 *   <li>the same bytes delivered whole produce the same events, output and state;</li>
 *   <li>text is valid UTF-8 by the JDK's own decoder, and no message is over the limit;</li>
 *   <li>exactly one Close, last: with a code the peer may send (or 1005) when it came from the peer, with 1002,
 *       1007 or 1009 when the protocol failed the connection, with 1006 when the stream just ended;</li>
 *   <li>the output, read by a protocol of the other role, is one pong per ping with its payload, then the close
 *       frame that echoes or reports the Close, unless the stream just ended.</li>
 * </ul>
 * Limits are small so that the fuzzer reaches them: 1 KiB frames, 4 KiB messages. A third target reads with
 * permessage-deflate agreed (RFC 7692), so that compressed messages go through the inflater: a compression bomb
 * must end in 1009 at the message limit, and invalid DEFLATE data in a Close too, never in an exception.
 */
class FrameDecoderFuzzTest {

  static final ProtocolLimits LIMITS = ProtocolLimits.builder().maxFrameSize(1024).maxMessageSize(4096).build();

  /** The mask key of every frame a client protocol writes here, so that output bytes are repeatable. */
  private static final int MASK_KEY = 0x5A17C0DE;

  @FuzzTest(maxDuration = "2m")
  void decodeArbitraryBytes(FuzzedDataProvider data) {
    decode(Pieces.consume(data), () -> WsProtocol.server(LIMITS), false);
  }

  @FuzzTest(maxDuration = "2m")
  void decodeArbitraryBytesAsClient(FuzzedDataProvider data) {
    decode(Pieces.consume(data), () -> WsProtocol.client(LIMITS, () -> MASK_KEY), false);
  }

  /**
   * A server with permessage-deflate. The first byte taken (from the end of the data) says whether the client
   * resets its compression context per message, which decides whether the inflater keeps its window between
   * messages; the pieces follow.
   */
  @FuzzTest(maxDuration = "2m")
  void decodeArbitraryBytesWithDeflate(FuzzedDataProvider data) {
    DeflateParameters agreed = new DeflateParameters(true, data.consumeBoolean(), 15, 15);
    decode(Pieces.consume(data), () -> WsProtocol.server(LIMITS, agreed, DeflateConfig.defaults()), true);
  }

  /**
   * @param inflating whether compressed messages may fail: a compressed message that is both corrupt and too
   *     large or not UTF-8 is reported as whichever the inflater meets first, and how much it inflates before it
   *     finds corrupt data depends on how the input was cut. Then only the final Close may differ, between the
   *     codes of those failures.
   */
  private static void decode(List<byte[]> pieces, Supplier<WsProtocol> fresh, boolean inflating) {
    WsProtocol protocol = fresh.get();
    Transcript cut = Transcript.read(protocol, pieces, true);
    Transcript whole = Transcript.read(fresh.get(), List.of(Pieces.join(pieces)), false);
    boolean same = cut.events().equals(whole.events()) && Arrays.equals(cut.output(), whole.output())
        && cut.state() == whole.state();
    if (!same && !(inflating && differOnlyInInflationFailure(cut, whole))) {
      throw new AssertionError("delivery in " + pieces.size() + " pieces differs from whole delivery of "
          + Pieces.hex(Pieces.join(pieces)) + "\n  pieces: " + cut.describe() + "\n  whole:  " + whole.describe());
    }
    checkEvents(cut);
    checkOutput(protocol.role(), cut);
  }

  private static boolean differOnlyInInflationFailure(Transcript cut, Transcript whole) {
    List<WsEvent> a = cut.events();
    List<WsEvent> b = whole.events();
    if (a.size() != b.size() || a.isEmpty() || !a.subList(0, a.size() - 1).equals(b.subList(0, b.size() - 1))) {
      return false;
    }
    return isInflationFailure(a.get(a.size() - 1)) && isInflationFailure(b.get(b.size() - 1));
  }

  private static boolean isInflationFailure(WsEvent event) {
    return event instanceof WsEvent.Close close && !close.byPeer()
        && (close.status().code() == CloseStatus.INVALID_PAYLOAD
            || close.status().code() == CloseStatus.MESSAGE_TOO_BIG);
  }

  private static void checkEvents(Transcript transcript) {
    List<WsEvent> events = transcript.events();
    if (events.isEmpty() || !(events.get(events.size() - 1) instanceof WsEvent.Close)) {
      throw new AssertionError("the last event must be a Close: " + transcript.describe());
    }
    if (transcript.state() != WsProtocol.State.CLOSED) {
      throw new AssertionError("not CLOSED after the end of the stream: " + transcript.describe());
    }
    for (int i = 0; i < events.size(); i++) {
      WsEvent event = events.get(i);
      if (event instanceof WsEvent.Close close) {
        if (i != events.size() - 1) {
          throw new AssertionError("a Close before the last event: " + transcript.describe());
        }
        checkCloseCode(close, transcript);
      } else if (event instanceof WsEvent.Text text) {
        checkSize(text.payload(), LIMITS.maxMessageSize(), transcript);
        checkUtf8(text.payload(), transcript);
      } else if (event instanceof WsEvent.Binary binary) {
        checkSize(binary.payload(), LIMITS.maxMessageSize(), transcript);
      } else if (event instanceof WsEvent.Ping ping) {
        checkSize(ping.payload(), 125, transcript);
      } else if (event instanceof WsEvent.Pong pong) {
        checkSize(pong.payload(), 125, transcript);
      }
    }
  }

  private static void checkCloseCode(WsEvent.Close close, Transcript transcript) {
    int code = close.status().code();
    boolean allowed = close.byPeer()
        ? CloseStatus.isSendable(code) || code == CloseStatus.NO_STATUS_RECEIVED
        : code == CloseStatus.PROTOCOL_ERROR || code == CloseStatus.INVALID_PAYLOAD
            || code == CloseStatus.MESSAGE_TOO_BIG || code == CloseStatus.ABNORMAL_CLOSURE;
    if (!allowed) {
      throw new AssertionError("unexpected close code " + close.status() + " byPeer=" + close.byPeer() + ": "
          + transcript.describe());
    }
  }

  private static void checkSize(ByteBuffer payload, int max, Transcript transcript) {
    if (payload.remaining() > max) {
      throw new AssertionError("payload of " + payload.remaining() + " bytes over " + max + ": "
          + transcript.describe());
    }
  }

  private static void checkUtf8(ByteBuffer payload, Transcript transcript) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(payload.duplicate());
    } catch (CharacterCodingException e) {
      throw new AssertionError("text message that is not UTF-8: " + transcript.describe(), e);
    }
  }

  /**
   * Reads the output with a protocol of the other role: every ping answered by a pong with its payload, in order,
   * then the close frame, carrying the code of the Close event (and the reason, for a failure this side reported),
   * unless the stream ended without one.
   */
  private static void checkOutput(Role role, Transcript transcript) {
    WsProtocol peer = role == Role.SERVER
        ? WsProtocol.client(ProtocolLimits.defaults(), () -> MASK_KEY)
        : WsProtocol.server(ProtocolLimits.defaults());
    Transcript answer = Transcript.read(peer, List.of(transcript.output()), false);
    List<ByteBuffer> pings = transcript.events().stream()
        .filter(e -> e instanceof WsEvent.Ping).map(e -> ((WsEvent.Ping) e).payload()).toList();
    List<ByteBuffer> pongs = answer.events().stream()
        .filter(e -> e instanceof WsEvent.Pong).map(e -> ((WsEvent.Pong) e).payload()).toList();
    List<WsEvent> answerEvents = answer.events();
    if (!pings.equals(pongs) || answerEvents.size() != pongs.size() + 1) {
      throw new AssertionError("output is not one pong per ping then a close: output " + answer.describe()
          + " for " + transcript.describe());
    }
    WsEvent.Close close = (WsEvent.Close) transcript.events().get(transcript.events().size() - 1);
    WsEvent.Close sent = (WsEvent.Close) answerEvents.get(answerEvents.size() - 1);
    boolean matches;
    if (close.status().code() == CloseStatus.ABNORMAL_CLOSURE) {
      matches = !sent.byPeer() && sent.status().code() == CloseStatus.ABNORMAL_CLOSURE;
    } else {
      matches = sent.byPeer() && sent.status().code() == close.status().code()
          && (close.byPeer() || sent.status().reason().equals(close.status().reason()));
    }
    if (!matches) {
      throw new AssertionError("close frame sent (" + Transcript.describe(sent) + ") does not match the Close "
          + "event: " + transcript.describe());
    }
  }
}
