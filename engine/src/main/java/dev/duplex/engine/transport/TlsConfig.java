package dev.duplex.engine.transport;

import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS for a server or client: the {@link SSLContext} that holds keys and trust, and optional
 * {@link SSLParameters} (protocols, cipher suites, client authentication). The engine only needs these two; where
 * they come from (a Spring Boot SSL bundle, a key store) is the caller's business.
 *
 * @param parameters applied to every engine, or {@code null} for the context's defaults
 */
public record TlsConfig(SSLContext context, SSLParameters parameters) {

  public TlsConfig {
    Objects.requireNonNull(context, "context");
  }

  public static TlsConfig of(SSLContext context) {
    return new TlsConfig(context, null);
  }

  SSLEngine serverEngine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    if (parameters != null) {
      engine.setSSLParameters(parameters);
    }
    return engine;
  }

  /** A client engine that sends SNI for {@code host} and verifies that the server's certificate names it. */
  SSLEngine clientEngine(String host, int port) {
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    if (parameters != null) {
      engine.setSSLParameters(parameters);
    }
    SSLParameters effective = engine.getSSLParameters();
    if (effective.getEndpointIdentificationAlgorithm() == null) {
      effective.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(effective);
    }
    return engine;
  }
}
