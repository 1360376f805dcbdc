package dev.duplex.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The server the load harness measures (DESIGN.md section 8): {@code /echo} and {@code /broadcast} on the
 * annotation model, {@code /raw/echo} on the engine's listener API, messages up to 16 MiB.
 *
 * <pre>
 * java -jar benchmarks/bench-server/target/bench-server.jar --duplex.server.port=8081 [--management.server.port=9090]
 * </pre>
 */
@SpringBootApplication
public class BenchServerApplication {

  public static void main(String[] args) {
    SpringApplication.run(BenchServerApplication.class, args);
  }
}
