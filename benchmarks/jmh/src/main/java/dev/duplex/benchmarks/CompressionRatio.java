package dev.duplex.benchmarks;

import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.protocol.ProtocolLimits;
import dev.duplex.engine.protocol.WsProtocol;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * Prints the compression ratio of the {@link DeflateBenchmark} payloads at each level: the size of the
 * compressed frame against the uncompressed text. Run with
 * {@code java -cp benchmarks/jmh/target/benchmarks.jar dev.duplex.benchmarks.CompressionRatio}.
 */
public final class CompressionRatio {

  private CompressionRatio() {
  }

  public static void main(String[] args) {
    PrintStream out = System.out;
    out.println("| payload | level | compressed frame | ratio |");
    out.println("| --- | --- | --- | --- |");
    for (int size : new int[] {256, 1024, 65536}) {
      for (int level : new int[] {1, 6, 9}) {
        DeflateConfig config = DeflateConfig.builder().threshold(0).compressionLevel(level).build();
        WsProtocol server = WsProtocol.server(ProtocolLimits.defaults(), DeflateBenchmark.DEFAULTS, config);
        int frame = server.text(ByteBuffer.wrap(ChatJson.of(size))).remaining();
        out.printf("| %d B JSON | %d | %d B | %.2f |%n", size, level, frame, (double) size / frame);
      }
    }
  }
}
