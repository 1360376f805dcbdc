package dev.duplex.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.protocol.DeflateParameters;
import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.protocol.WsEvent;
import dev.duplex.engine.protocol.WsProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Messages the fuzzer makes up, encoded by one {@link WsProtocol} and decoded by one of the other role, in pieces
 * the fuzzer cuts: text from code points of every UTF-8 length, binary, either whole or in fragments cut at any
 * byte (inside a code point too) with pings in between, some over 64 KiB to use the 64-bit length; then a close.
 * The receiver must report exactly what was sent, in order, and its answer (pongs and the echoed close) must bring
 * the sender to the end of the close handshake. Both directions: client to server (masked, with mask keys the
 * fuzzer picks, zero included) and server to client. A second target does the same with permessage-deflate
 * agreed, with context takeover on either side or not, and the compression level and threshold the fuzzer picks.
 *
 * <p>Everything but binary payloads and pings is drawn with one byte (or a few) from the end of the data, which is
 * how the seeds were written.
 */
class RoundTripFuzzTest {

  private static final int[] CLOSE_CODES = {1000, 1001, 1003, 1008, 1011, 1014, 3000, 4999};
  private static final int LONG_MESSAGE = 65536;

  @FuzzTest(maxDuration = "2m")
  void messagesSurviveTheTrip(FuzzedDataProvider data) {
    trip(data, null, DeflateConfig.disabled());
  }

  /** Four choices first: server and client context takeover, compression level, threshold; then as above. */
  @FuzzTest(maxDuration = "2m")
  void compressedMessagesSurviveTheTrip(FuzzedDataProvider data) {
    boolean serverResets = data.consumeBoolean();
    boolean clientResets = data.consumeBoolean();
    DeflateConfig config = DeflateConfig.builder()
        .compressionLevel(data.consumeInt(0, 9))
        .threshold(data.consumeInt(0, 255))
        .serverNoContextTakeover(serverResets)
        .build();
    trip(data, new DeflateParameters(serverResets, clientResets, 15, 15), config);
  }

  private static void trip(FuzzedDataProvider data, DeflateParameters agreed, DeflateConfig config) {
    boolean clientSends = data.consumeBoolean();
    int firstMaskKey = data.consumeInt();
    IntSupplier maskKeys = new IntSupplier() {
      private int next = firstMaskKey;

      @Override
      public int getAsInt() {
        int key = next;
        next += 0x9E3779B9;
        return key;
      }
    };
    WsProtocol client = WsProtocol.client(ProtocolLimits.defaults(), maskKeys, agreed, config);
    WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), agreed, config);
    WsProtocol sender = clientSends ? client : server;
    WsProtocol receiver = clientSends ? server : client;

    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<WsEvent> expected = new ArrayList<>();
    List<ByteBuffer> pings = new ArrayList<>();
    int messages = data.consumeInt(0, 7);
    for (int m = 0; m < messages; m++) {
      boolean text = data.consumeBoolean();
      byte[] payload = text ? utf8(data) : data.consumeBytes(data.consumeInt(0, 300));
      if (payload.length > 0 && data.consumeInt(0, 7) == 0) {
        payload = repeat(payload, LONG_MESSAGE / payload.length + 1);
      }
      int fragments = data.consumeInt(1, 4);
      if (fragments == 1) {
        send(wire, text ? sender.text(new String(payload, StandardCharsets.UTF_8)) : sender.binary(wrap(payload)));
      } else {
        int from = 0;
        for (int f = 1; f <= fragments; f++) {
          int to = f == fragments ? payload.length : from + data.consumeInt(0, payload.length - from);
          ByteBuffer fragment = ByteBuffer.wrap(payload, from, to - from);
          boolean last = f == fragments;
          send(wire, text ? sender.textFragment(fragment, last) : sender.binaryFragment(fragment, last));
          if (!last && data.consumeBoolean()) {
            byte[] ping = data.consumeBytes(data.consumeInt(0, 125));
            send(wire, sender.ping(wrap(ping)));
            expected.add(new WsEvent.Ping(wrap(ping)));
            pings.add(wrap(ping));
          }
          from = to;
        }
      }
      expected.add(text ? new WsEvent.Text(wrap(payload)) : new WsEvent.Binary(wrap(payload)));
    }
    CloseStatus status = CloseStatus.of(CLOSE_CODES[data.consumeInt(0, CLOSE_CODES.length - 1)],
        data.consumeBoolean() ? "" : "bye \u2713");
    send(wire, sender.close(status));
    expected.add(new WsEvent.Close(status, true));

    Transcript received = deliver(receiver, wire.toByteArray(), data);
    if (!received.events().equals(expected)) {
      throw new AssertionError((clientSends ? "server" : "client") + " received " + received.describe()
          + "\n  sent " + new Transcript(expected, new byte[0], WsProtocol.State.CLOSED).describe());
    }
    for (WsEvent event : received.events()) {
      if (event instanceof WsEvent.Text t && !t.text().equals(new String(Pieces.bytes(t.payload()),
          StandardCharsets.UTF_8))) {
        throw new AssertionError("Text.text() differs from its payload: " + Transcript.describe(t));
      }
    }

    List<WsEvent> answer = new ArrayList<>();
    pings.forEach(ping -> answer.add(new WsEvent.Pong(ping)));
    answer.add(new WsEvent.Close(CloseStatus.of(status.code()), true));
    Transcript answered = deliver(sender, received.output(), data);
    if (!answered.events().equals(answer) || answered.output().length != 0) {
      throw new AssertionError("sender read " + answered.describe() + " from the answer "
          + Pieces.hex(received.output()));
    }
    if (received.state() != WsProtocol.State.CLOSED || answered.state() != WsProtocol.State.CLOSED) {
      throw new AssertionError("close handshake incomplete: " + received.state() + ", " + answered.state());
    }
  }

  /** Text of up to 64 code points, each of a length (1 to 4 bytes of UTF-8) the fuzzer picks; no surrogates. */
  private static byte[] utf8(FuzzedDataProvider data) {
    StringBuilder text = new StringBuilder();
    int length = data.consumeInt(0, 64);
    for (int i = 0; i < length; i++) {
      int codePoint = switch (data.consumeInt(0, 3)) {
        case 0 -> data.consumeInt(0, 0x7F);
        case 1 -> data.consumeInt(0x80, 0x7FF);
        case 2 -> {
          int c = data.consumeInt(0x800, 0xFFFF - 0x800);
          yield c < 0xD800 ? c : c + 0x800;
        }
        default -> data.consumeInt(0x10000, 0x10FFFF);
      };
      text.appendCodePoint(codePoint);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The wire in pieces of 1 to 255 bytes the fuzzer picks, the rest at once when it picks 0 or runs out. */
  private static Transcript deliver(WsProtocol protocol, byte[] wire, FuzzedDataProvider data) {
    List<byte[]> pieces = new ArrayList<>();
    int from = 0;
    while (from < wire.length) {
      int size = data.consumeInt(0, 255);
      int to = size == 0 ? wire.length : Math.min(wire.length, from + size);
      pieces.add(Arrays.copyOfRange(wire, from, to));
      from = to;
    }
    return Transcript.read(protocol, pieces, true);
  }

  private static void send(ByteArrayOutputStream wire, ByteBuffer frame) {
    wire.writeBytes(Pieces.bytes(frame));
  }

  private static ByteBuffer wrap(byte[] bytes) {
    return ByteBuffer.wrap(bytes);
  }

  private static byte[] repeat(byte[] bytes, int times) {
    byte[] repeated = new byte[bytes.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(bytes, 0, repeated, i * bytes.length, bytes.length);
    }
    return repeated;
  }
}
