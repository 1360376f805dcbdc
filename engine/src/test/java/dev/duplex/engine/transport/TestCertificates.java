package dev.duplex.engine.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate made at test time by the JDK's own {@code keytool}, in a PKCS12 key store under a
 * temporary directory: nothing is committed, nothing expires in the repository. Gives the server's
 * {@link SSLContext} (its key) and a client's (trusting exactly this certificate).
 */
final class TestCertificates {

  private static final String ALIAS = "duplex-test";
  private static final char[] PASSWORD = "duplex-test-password".toCharArray();

  private final KeyStore keyStore;
  private final X509Certificate certificate;

  private TestCertificates(KeyStore keyStore) throws GeneralSecurityException {
    this.keyStore = keyStore;
    this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
  }

  /** A certificate for {@code localhost} and {@code 127.0.0.1}, the names a loopback test connects to. */
  static TestCertificates forLoopback(Path directory) throws IOException, GeneralSecurityException {
    return generate(directory, "loopback", "CN=localhost", "DNS:localhost,IP:127.0.0.1");
  }

  /**
   * A certificate for {@code subject} with the subject alternative names {@code san} (keytool syntax, such as
   * {@code DNS:example.com,IP:10.0.0.1}).
   */
  static TestCertificates generate(Path directory, String name, String subject, String san)
      throws IOException, GeneralSecurityException {
    Path store = directory.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt",
        "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
        "-dname", subject, "-ext", "SAN=" + san, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException("keytool did not finish within 30 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException("keytool failed with exit code " + process.exitValue() + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for keytool", e);
    } finally {
      process.destroyForcibly();
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASSWORD);
    }
    return new TestCertificates(keyStore);
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** A context that presents this certificate and its key: the server's. */
  SSLContext serverContext() {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the server context", e);
    }
  }

  /** A context that trusts this certificate and nothing else: a client's. */
  SSLContext clientContext() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("server", certificate);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the client context", e);
    }
  }

  TlsConfig serverTls() {
    return TlsConfig.of(serverContext());
  }

  TlsConfig clientTls() {
    return TlsConfig.of(clientContext());
  }
}
