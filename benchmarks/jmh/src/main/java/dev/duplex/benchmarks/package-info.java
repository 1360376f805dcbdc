/**
 * JMH microbenchmarks of the engine.
 *
 * <p>Build with {@code ./mvnw -B -q install -DskipTests} and run with
 * {@code java -jar benchmarks/jmh/target/benchmarks.jar}.
 */
package dev.duplex.benchmarks;
