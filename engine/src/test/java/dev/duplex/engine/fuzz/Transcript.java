package dev.duplex.engine.fuzz;

import dev.duplex.engine.protocol.WsEvent;
import dev.duplex.engine.protocol.WsProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link WsProtocol} reported while reading some input: its events, the bytes it asked to send, and the
 * state it ended in. Two deliveries of the same input must produce equal transcripts, whatever the cuts.
 */
record Transcript(List<WsEvent> events, byte[] output, WsProtocol.State state) {

  /**
   * Feeds {@code pieces} in order, then the end of the stream, draining events and output after every read.
   *
   * @throws AssertionError if a read leaves bytes unconsumed, which {@link WsProtocol#receive} promises not to
   */
  static Transcript read(WsProtocol protocol, List<byte[]> pieces, boolean varyBuffers) {
    List<WsEvent> events = new ArrayList<>();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    for (int i = 0; i < pieces.size(); i++) {
      ByteBuffer in = varyBuffers ? Pieces.wrap(pieces.get(i), i) : ByteBuffer.wrap(pieces.get(i));
      protocol.receive(in);
      if (in.hasRemaining()) {
        throw new AssertionError("receive left " + in.remaining() + " bytes of piece " + i + " unread: " + protocol);
      }
      drain(protocol, events, output);
    }
    protocol.receiveEof();
    drain(protocol, events, output);
    return new Transcript(events, output.toByteArray(), protocol.state());
  }

  static void drain(WsProtocol protocol, List<WsEvent> events, ByteArrayOutputStream output) {
    for (WsEvent event = protocol.nextEvent(); event != null; event = protocol.nextEvent()) {
      events.add(event);
    }
    for (ByteBuffer out = protocol.pollOutput(); out != null; out = protocol.pollOutput()) {
      output.writeBytes(Pieces.bytes(out));
    }
  }

  /** Events compared by content: a payload buffer that a later read overwrote shows up as a difference. */
  String describe() {
    return events.stream().map(Transcript::describe).collect(Collectors.joining(", ", "[", "]"))
        + " output " + Pieces.hex(output) + " state " + state;
  }

  static String describe(WsEvent event) {
    if (event instanceof WsEvent.Text text) {
      return "Text " + Pieces.hex(Pieces.bytes(text.payload()));
    } else if (event instanceof WsEvent.Binary binary) {
      return "Binary " + Pieces.hex(Pieces.bytes(binary.payload()));
    } else if (event instanceof WsEvent.Ping ping) {
      return "Ping " + Pieces.hex(Pieces.bytes(ping.payload()));
    } else if (event instanceof WsEvent.Pong pong) {
      return "Pong " + Pieces.hex(Pieces.bytes(pong.payload()));
    }
    WsEvent.Close close = (WsEvent.Close) event;
    return "Close " + close.status().code() + " '" + close.status().reason() + "' byPeer=" + close.byPeer();
  }
}
