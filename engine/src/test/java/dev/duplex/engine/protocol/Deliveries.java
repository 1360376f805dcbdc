package dev.duplex.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * Runs one input through fresh {@link WsProtocol}s in many deliveries, after h11's {@code tr}: whole, split in
 * two at every offset, byte by byte, and whole in every kind of {@link ByteBuffer}. Every delivery must report the
 * same events, write the same bytes and end in the same state; the outcome of the whole delivery is returned for
 * the test's own assertions.
 *
 * <p>Events are compared through a description taken after the last byte went in, so a payload that a later read
 * overwrote shows up as a difference.
 */
final class Deliveries {

  /** The mask key of every frame a client protocol under test writes. */
  static final int CLIENT_MASK_KEY = 0x37FA213D;

  /** Inputs up to this size are also split in two at every offset. */
  private static final int EVERY_SPLIT_LIMIT = 4096;

  /** Inputs up to this size are also fed byte by byte. */
  private static final int BYTE_BY_BYTE_LIMIT = 1 << 17;

  private Deliveries() {
  }

  static WsProtocol server() {
    return WsProtocol.server(ProtocolLimits.defaults());
  }

  static WsProtocol client() {
    return WsProtocol.client(ProtocolLimits.defaults(), () -> CLIENT_MASK_KEY);
  }

  static Supplier<WsProtocol> server(ProtocolLimits limits) {
    return () -> WsProtocol.server(limits);
  }

  static Supplier<WsProtocol> client(ProtocolLimits limits) {
    return () -> WsProtocol.client(limits, () -> CLIENT_MASK_KEY);
  }

  /** What reading the input produced. */
  record Outcome(String way, WsProtocol protocol, List<WsEvent> events, byte[] output) {

    WsProtocol.State state() {
      return protocol.state();
    }

    /** Everything that must not depend on how the input was cut. */
    String summary() {
      return "events " + events.stream().map(Deliveries::describe).collect(Collectors.toList())
          + "\noutput " + describe(output) + "\nstate " + protocol.state();
    }

    /** The Close event, after checking that there is exactly one and that it is the last event. */
    WsEvent.Close close() {
      assertThat(events).as("events of %s", way).isNotEmpty();
      assertThat(events.stream().filter(e -> e instanceof WsEvent.Close).count())
          .as("Close events of %s", way).isEqualTo(1);
      WsEvent last = events.get(events.size() - 1);
      assertThat(last).as("last event of %s", way).isInstanceOf(WsEvent.Close.class);
      return (WsEvent.Close) last;
    }
  }

  /** The kinds of buffer the bytes can arrive in; the decoder reads eight bytes at a time from them. */
  enum Buffers {
    HEAP,
    HEAP_LITTLE_ENDIAN,
    DIRECT,
    DIRECT_LITTLE_ENDIAN,
    /** A slice of a larger array: non-zero array offset and position, foreign bytes on both sides. */
    HEAP_SLICE_AMID_GARBAGE,
    READ_ONLY;

    ByteBuffer wrap(byte[] bytes, int from, int to) {
      int n = to - from;
      switch (this) {
        case HEAP:
          return ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to));
        case HEAP_LITTLE_ENDIAN:
          return ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to)).order(ByteOrder.LITTLE_ENDIAN);
        case DIRECT:
          return ByteBuffer.allocateDirect(n).put(bytes, from, n).flip();
        case DIRECT_LITTLE_ENDIAN:
          return ByteBuffer.allocateDirect(n).put(bytes, from, n).flip().order(ByteOrder.LITTLE_ENDIAN);
        case HEAP_SLICE_AMID_GARBAGE: {
          byte[] padded = new byte[n + 24];
          Arrays.fill(padded, (byte) 0xEE);
          System.arraycopy(bytes, from, padded, 13, n);
          ByteBuffer slice = ByteBuffer.wrap(padded, 5, n + 16).slice();
          return slice.position(8).limit(8 + n);
        }
        case READ_ONLY:
          return ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to)).asReadOnlyBuffer();
        default:
          throw new AssertionError(this);
      }
    }
  }

  /** Feeds {@code input} to a fresh protocol in pieces that end at {@code cuts} (ascending offsets). */
  static Outcome deliver(String way, Supplier<WsProtocol> fresh, byte[] input, Buffers buffers, int... cuts) {
    WsProtocol protocol = fresh.get();
    List<WsEvent> events = new ArrayList<>();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : input.length;
      ByteBuffer in = buffers.wrap(input, from, to);
      protocol.receive(in);
      assertThat(in.hasRemaining()).as("%s: receive left bytes %d to %d unread", way, from, to).isFalse();
      drain(protocol, events, output);
      from = to;
    }
    return new Outcome(way, protocol, events, output.toByteArray());
  }

  /** Moves the protocol's pending events and output into the given collections. */
  static void drain(WsProtocol protocol, List<WsEvent> events, ByteArrayOutputStream output) {
    for (WsEvent event = protocol.nextEvent(); event != null; event = protocol.nextEvent()) {
      events.add(event);
    }
    for (ByteBuffer out = protocol.pollOutput(); out != null; out = protocol.pollOutput()) {
      output.writeBytes(bytes(out));
    }
  }

  static Outcome whole(Supplier<WsProtocol> fresh, byte[] input) {
    return deliver("whole", fresh, input, Buffers.HEAP);
  }

  /**
   * Every delivery: whole in every kind of buffer, split in two at every offset (inputs up to 4 KiB), byte by
   * byte (inputs up to 128 KiB), in 7-byte and 4 KiB chunks, and split at {@code extraCuts}, each alone.
   */
  static Outcome everyWay(Supplier<WsProtocol> fresh, byte[] input, int... extraCuts) {
    Outcome reference = whole(fresh, input);
    String expected = reference.summary();
    for (Buffers buffers : Buffers.values()) {
      same(expected, deliver("whole in " + buffers, fresh, input, buffers));
    }
    if (input.length <= EVERY_SPLIT_LIMIT) {
      for (int cut = 0; cut <= input.length; cut++) {
        same(expected, deliver("split at " + cut, fresh, input, Buffers.HEAP, cut));
      }
    }
    for (int cut : extraCuts) {
      assertThat(cut).as("extra cut").isBetween(0, input.length);
      same(expected, deliver("split at " + cut, fresh, input, Buffers.HEAP_LITTLE_ENDIAN, cut));
    }
    if (input.length <= BYTE_BY_BYTE_LIMIT) {
      same(expected, deliver("byte by byte", fresh, input, Buffers.HEAP, chunks(input.length, 1)));
    }
    Buffers small = input.length <= BYTE_BY_BYTE_LIMIT ? Buffers.DIRECT : Buffers.HEAP;
    same(expected, deliver("7-byte chunks", fresh, input, small, chunks(input.length, 7)));
    same(expected, deliver("4 KiB chunks", fresh, input, Buffers.HEAP, chunks(input.length, 4096)));
    return reference;
  }

  static Outcome everyWay(byte[] input) {
    return everyWay(Deliveries::server, input);
  }

  private static void same(String expected, Outcome outcome) {
    assertThat(outcome.summary()).as("delivered %s", outcome.way()).isEqualTo(expected);
  }

  static int[] chunks(int length, int size) {
    int count = Math.max(0, (length - 1) / size);
    int[] cuts = new int[count];
    for (int i = 0; i < count; i++) {
      cuts[i] = (i + 1) * size;
    }
    return cuts;
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  static String describe(WsEvent event) {
    if (event instanceof WsEvent.Text) {
      return "Text " + describe(bytes(((WsEvent.Text) event).payload()));
    } else if (event instanceof WsEvent.Binary) {
      return "Binary " + describe(bytes(((WsEvent.Binary) event).payload()));
    } else if (event instanceof WsEvent.Ping) {
      return "Ping " + describe(bytes(((WsEvent.Ping) event).payload()));
    } else if (event instanceof WsEvent.Pong) {
      return "Pong " + describe(bytes(((WsEvent.Pong) event).payload()));
    }
    WsEvent.Close close = (WsEvent.Close) event;
    return "Close " + close.status().code() + " '" + close.status().reason() + "' byPeer=" + close.byPeer();
  }

  /** Short inputs in full hex; long ones by length, CRC-32 and their first bytes. */
  static String describe(byte[] bytes) {
    if (bytes.length <= 300) {
      return "[" + RawFrames.toHex(bytes) + "]";
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return "[" + bytes.length + " bytes, crc32 " + Long.toHexString(crc.getValue()) + ", starting "
        + RawFrames.toHex(Arrays.copyOf(bytes, 16)) + "]";
  }
}
