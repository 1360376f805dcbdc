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
 * A server reading client frames: one operation is {@link WsProtocol#receive} of one complete masked frame (header,
 * unmasking, copy into the message buffer, UTF-8 validation for text) and taking its event. The protocol lives for
 * the whole trial, so this is the steady state of a connection that receives frame after frame.
 *
 * <p>Throughput in operations per second; since an operation is one frame, MB/s of payload is
 * {@code ops/s × payloadSize / 10^6}. Text payloads are printable ASCII (see {@link Utf8ValidationBenchmark} for
 * other text).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameDecodeBenchmark {

  @Param({"BINARY", "TEXT"})
  public String opcode;

  @Param({"32", "1024", "65536"})
  public int payloadSize;

  private WsProtocol server;
  private ByteBuffer frame;

  @Setup(Level.Trial)
  public void setUp() {
    boolean text = opcode.equals("TEXT");
    frame = Payloads.clientFrame(text, text ? Payloads.ascii(payloadSize) : Payloads.binary(payloadSize));
    server = WsProtocol.server(ProtocolLimits.defaults());
  }

  @TearDown(Level.Trial)
  public void checkStillOpen() {
    Payloads.requireOpen(server);
  }

  @Benchmark
  public void receiveFrame(Blackhole blackhole) {
    server.receive(frame.rewind());
    for (WsEvent event = server.nextEvent(); event != null; event = server.nextEvent()) {
      blackhole.consume(event);
    }
  }
}
