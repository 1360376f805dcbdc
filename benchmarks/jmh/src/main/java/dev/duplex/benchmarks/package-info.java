/**
 * JMH microbenchmarks of the engine's protocol core, through its public API ({@code WsProtocol}): frame decoding,
 * frame encoding, and the cost of UTF-8 validation. Results and how to read them: {@code docs/benchmarks.md}.
 *
 * <p>Build with {@code ./mvnw -B -q -pl benchmarks/jmh -am package -DskipTests} and run with
 * {@code java -jar benchmarks/jmh/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s}.
 */
package dev.duplex.benchmarks;
