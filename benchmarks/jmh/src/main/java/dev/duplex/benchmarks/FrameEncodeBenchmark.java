package dev.duplex.benchmarks;

import dev.duplex.engine.protocol.ProtocolLimits;
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

/**
 * Encoding one complete message into one frame: a server's unmasked text and binary frames (header plus a copy of
 * the payload into a new buffer) and a client's masked binary frame (the copy is also XORed with the mask, eight
 * bytes at a time). {@code text(ByteBuffer)} takes bytes the caller vouches for, so no UTF-8 work is measured.
 *
 * <p>Throughput in operations per second; one operation is one frame, so MB/s of payload is
 * {@code ops/s × payloadSize / 10^6} (headers of 2 to 14 bytes not counted).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameEncodeBenchmark {

  @Param({"32", "1024", "65536"})
  public int payloadSize;

  private WsProtocol server;
  private WsProtocol client;
  private ByteBuffer text;
  private ByteBuffer binary;

  @Setup(Level.Trial)
  public void setUp() {
    server = WsProtocol.server(ProtocolLimits.defaults());
    client = WsProtocol.client(ProtocolLimits.defaults(), () -> Payloads.MASK_KEY);
    text = ByteBuffer.wrap(Payloads.ascii(payloadSize));
    binary = ByteBuffer.wrap(Payloads.binary(payloadSize));
  }

  @Benchmark
  public ByteBuffer serverText() {
    return server.text(text);
  }

  @Benchmark
  public ByteBuffer serverBinary() {
    return server.binary(binary);
  }

  @Benchmark
  public ByteBuffer clientBinaryMasked() {
    return client.binary(binary);
  }
}
