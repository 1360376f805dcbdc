package dev.duplex.benchmarks;

import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.protocol.WsEvent;
import dev.duplex.engine.protocol.WsProtocol;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of UTF-8 validation, which is package-private and so measured through the server protocol: the same
 * payload bytes received once in a text frame (validated) and once in a binary frame (not validated). The
 * difference between the two is the validation; the rest (header, unmasking, copy) is shared.
 *
 * <p>{@code ASCII} is printable ASCII, which the validator skips eight bytes at a time; {@code MIXED} is 2-, 3- and
 * 4-byte sequences in turn, where every byte goes through the DFA. One operation is one frame: MB/s of payload is
 * {@code ops/s × payloadSize / 10^6}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Utf8ValidationBenchmark {

  @Param({"ASCII", "MIXED"})
  public String content;

  @Param({"1024", "65536"})
  public int payloadSize;

  private WsProtocol server;
  private ByteBuffer textFrame;
  private ByteBuffer binaryFrame;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] payload = content.equals("ASCII") ? Payloads.ascii(payloadSize) : Payloads.mixedUtf8(payloadSize);
    textFrame = Payloads.clientFrame(true, payload);
    binaryFrame = Payloads.clientFrame(false, payload);
    server = WsProtocol.server(ProtocolLimits.defaults());
  }

  @TearDown(Level.Trial)
  public void checkStillOpen() {
    Payloads.requireOpen(server);
  }

  @Benchmark
  public void text(Blackhole blackhole) {
    receive(textFrame, blackhole);
  }

  @Benchmark
  public void binary(Blackhole blackhole) {
    receive(binaryFrame, blackhole);
  }

  private void receive(ByteBuffer frame, Blackhole blackhole) {
    server.receive(frame.rewind());
    for (WsEvent event = server.nextEvent(); event != null; event = server.nextEvent()) {
      if (!(event instanceof WsEvent.Text || event instanceof WsEvent.Binary)) {
        throw new IllegalStateException("unexpected " + event);
      }
      blackhole.consume(event);
    }
  }
}
