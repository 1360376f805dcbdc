/**
 * Micrometer instrumentation of Duplex: meters fed by the {@link dev.duplex.spring.observe.DuplexObserver} SPI
 * and by the engine's counters, handler timing, and handler Observations for tracing. Wired by
 * {@code DuplexMetricsAutoConfiguration}; the meters are listed in {@code docs/observability.md}.
 */
package dev.duplex.spring.metrics;
