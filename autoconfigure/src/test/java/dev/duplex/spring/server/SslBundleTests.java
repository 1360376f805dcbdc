package dev.duplex.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.TlsConfig;
import dev.duplex.engine.transport.WsClient;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code duplex.server.ssl.bundle}: the server speaks wss:// with the key of a Spring Boot SSL bundle. */
class SslBundleTests {

  private static final String PASSWORD = "changeit";

  @TempDir
  static Path directory;

  private static Path keyStore;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class))
      .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
      .withUserConfiguration(Echo.class)
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1");

  @WsEndpoint("/echo")
  static class Echo {

    @WsHandler
    String echo(String text) {
      return text;
    }
  }

  /** A self-signed certificate for localhost and 127.0.0.1, made by the JDK's keytool for this test run. */
  @BeforeAll
  static void generateCertificate() throws Exception {
    keyStore = directory.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=DNS:localhost,IP:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
  }

  private static SSLContext trusting() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Test
  void theServerSpeaksWssWithTheBundlesKey() {
    runner.withPropertyValues(
            "spring.ssl.bundle.jks.websocket.keystore.location=file:" + keyStore,
            "spring.ssl.bundle.jks.websocket.keystore.password=" + PASSWORD,
            "spring.ssl.bundle.jks.websocket.keystore.type=PKCS12",
            "spring.ssl.bundle.jks.websocket.options.enabled-protocols=TLSv1.3",
            "duplex.server.ssl.bundle=websocket")
        .run(context -> {
          int port = context.getBean(DuplexServer.class).port();
          BlockingQueue<String> received = new LinkedBlockingQueue<>();
          try (WsClient client = WsClient.builder().tls(TlsConfig.of(trusting())).build()) {
            WsSession session = client.connect(URI.create("wss://localhost:" + port + "/echo"), new WsListener() {
              @Override
              public void onText(WsSession s, String text) {
                received.add(text);
              }
            }).get(10, TimeUnit.SECONDS);
            session.sendText("over TLS");

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("over TLS");
          }
        });
  }

  @Test
  void aMissingBundleFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.server.ssl.bundle=nowhere",
            "spring.ssl.bundle.jks.other.keystore.location=file:" + keyStore,
            "spring.ssl.bundle.jks.other.keystore.password=" + PASSWORD)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(List.of(rootMessages(context.getStartupFailure())))
              .anySatisfy(message -> assertThat(message).contains("duplex.server.ssl.bundle").contains("nowhere"));
        });
  }

  private static String[] rootMessages(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return messages.toArray(String[]::new);
  }
}
