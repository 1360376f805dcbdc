package dev.duplex.spring.autoconfigure;

import dev.duplex.engine.transport.TlsConfig;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/** Turns a Spring Boot SSL bundle into the engine's {@link TlsConfig}. */
final class TlsConfigs {

  private TlsConfigs() {
  }

  /**
   * @throws IllegalStateException naming {@code duplex.server.ssl.bundle} when the bundle does not exist
   */
  static TlsConfig fromBundle(SslBundles bundles, DuplexProperties.Ssl ssl) {
    String name = ssl.getBundle();
    if (bundles == null) {
      throw new IllegalStateException("duplex.server.ssl.bundle is '" + name + "', but no SSL bundles are"
          + " configured (spring.ssl.bundle.*)");
    }
    SslBundle bundle;
    try {
      bundle = bundles.getBundle(name);
    } catch (NoSuchSslBundleException e) {
      throw new IllegalStateException("duplex.server.ssl.bundle names SSL bundle '" + name + "', which does not"
          + " exist: define it under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name, e);
    }
    SSLContext context = bundle.createSslContext();
    SSLParameters parameters = context.getDefaultSSLParameters();
    SslOptions options = bundle.getOptions();
    if (options.getCiphers() != null) {
      parameters.setCipherSuites(options.getCiphers());
    }
    if (options.getEnabledProtocols() != null) {
      parameters.setProtocols(options.getEnabledProtocols());
    }
    switch (ssl.getClientAuth()) {
      case NEED -> parameters.setNeedClientAuth(true);
      case WANT -> parameters.setWantClientAuth(true);
      default -> {
      }
    }
    return new TlsConfig(context, parameters);
  }
}
