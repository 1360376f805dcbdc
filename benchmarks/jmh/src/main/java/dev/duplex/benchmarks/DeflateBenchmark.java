package dev.duplex.benchmarks;

import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.protocol.DeflateParameters;
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

/**
 * permessage-deflate on JSON chat text ({@link ChatJson}): a server compressing a text message into a frame, and
 * a server inflating a client's compressed, masked frame into a text message (UTF-8 validation included). Both
 * with the defaults Duplex negotiates: level 6, server_no_context_takeover; the client keeps its context.
 *
 * <p>One operation is one message, so MB/s of uncompressed text is {@code ops/s × payloadSize / 10^6}. The
 * compression ratio of the same payloads is printed by {@link CompressionRatio}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeflateBenchmark {

  static final DeflateParameters DEFAULTS = new DeflateParameters(true, false, 15, 15);

  @Param({"1024", "65536"})
  public int payloadSize;

  private WsProtocol compressor;
  private WsProtocol inflater;
  private ByteBuffer text;
  private ByteBuffer compressedFrame;

  @Setup(Level.Trial)
  public void setUp() {
    DeflateConfig config = DeflateConfig.builder().threshold(0).build();
    ProtocolLimits limits = ProtocolLimits.builder().maxMessageSize(1 << 20).maxFrameSize(1 << 20).build();
    compressor = WsProtocol.server(limits, DEFAULTS, config);
    inflater = WsProtocol.server(limits, DEFAULTS, config);
    text = ByteBuffer.wrap(ChatJson.of(payloadSize));
    WsProtocol client = WsProtocol.client(limits, () -> Payloads.MASK_KEY,
        new DeflateParameters(true, true, 15, 15), config);
    compressedFrame = client.text(text);
  }

  @Benchmark
  public ByteBuffer compressText() {
    return compressor.text(text);
  }

  @Benchmark
  public WsEvent inflateText() {
    inflater.receive(compressedFrame.duplicate());
    WsEvent event = inflater.nextEvent();
    if (!(event instanceof WsEvent.Text)) {
      throw new IllegalStateException("expected a text message, got " + event);
    }
    return event;
  }
}
