package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsHandshakeException;
import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSendException;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.protocol.DeflateConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code wss://} over real sockets: the engine's client and the JDK's against a TLS server, certificates made at
 * test time, and the TLS layer's edges: bad trust and names, plain text on a TLS port, a handshake that never
 * ends, records cut anywhere, renegotiation, close_notify, resets and graceful shutdown.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsTest {

  private static final int FOUR_MIB = 4 << 20;

  @TempDir
  static Path certificates;

  private static TestCertificates loopback;
  private static TestCertificates elsewhere;

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener echo = RecordingListener.echoing();
  private final RecordingListener fragments = new RecordingListener() {
    @Override
    public void onText(WsSession session, String text) {
      super.onText(session, text);
      session.sendTextFragment(ByteBuffer.wrap(Wire.utf8("frag")), false);
      session.sendTextFragment(ByteBuffer.wrap(Wire.utf8("men")), false);
      session.sendTextFragment(ByteBuffer.wrap(Wire.utf8("ted")), true);
    }
  };
  /** Echoes what it receives as the buffer it was given: large messages go out as a header and that buffer. */
  private final WsListener ownedEcho = new WsListener() {
    @Override
    public void onBinary(WsSession session, ByteBuffer data) {
      session.sendOwnedBinary(data);
    }
  };
  private WsServer server;

  @BeforeAll
  static void makeCertificates() throws Exception {
    loopback = TestCertificates.forLoopback(certificates);
    elsewhere = TestCertificates.generate(certificates, "elsewhere", "CN=example.com", "DNS:example.com");
  }

  @BeforeEach
  void startServer() throws Exception {
    server = tlsServer(config(), loopback, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  // ---------------------------------------------------------------- echo with the engine's client

  @Test
  void theEngineClientExchangesTextAndBinaryOverWss() {
    RecordingListener client = new RecordingListener();
    WsSession session = connect(wssClient(), wss(server, "/echo"), client);

    await(session.sendText("hello over TLS ✓"), "sendText");
    await(session.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xFF})), "sendBinary");

    assertThat(client.nextText()).isEqualTo("hello over TLS ✓");
    assertThat(client.nextBinary()).containsExactly(0, 1, 0xFF);
    assertThat(echo.nextText()).isEqualTo("hello over TLS ✓");
  }

  @Test
  void theEngineClientReachesTheServerByTheDnsNameTheCertificateNames() {
    RecordingListener client = new RecordingListener();
    WsSession session = connect(wssClient(), URI.create("wss://localhost:" + server.port() + "/echo"), client);

    await(session.sendText("by name"), "sendText");

    assertThat(client.nextText()).isEqualTo("by name");
    assertThat(echo.awaitSession().handshake().headers().first("Host")).isEqualTo("localhost:" + server.port());
  }

  @Test
  void fourMebibytesCrossWssInBothDirectionsWithTheEngineClient() {
    RecordingListener client = new RecordingListener();
    WsSession session = connect(wssClient(), wss(server, "/echo"), client);
    byte[] message = randomBytes(FOUR_MIB, 1);

    await(session.sendBinary(ByteBuffer.wrap(message)), "sendBinary of 4 MiB");

    assertSameBytes(echo.nextBinary(), message, "received by the server");
    assertSameBytes(client.nextBinary(), message, "echoed to the client");
  }

  @Test
  void handedOverMessagesSentAsHeaderAndBufferCrossWssIntactAndInOrder() {
    RecordingListener client = new RecordingListener();
    // without permessage-deflate, which would compress these messages rather than send them as they are
    WsClient plain = Loopback.client(cleanup, WsClient.builder()
        .config(config().toBuilder().deflate(DeflateConfig.disabled()).build()).tls(loopback.clientTls()));
    WsSession session = connect(plain, wss(server, "/owned"), client);
    int[] sizes = {2048, 2049, 4096, 65535, 65536, 300_000, 10, FOUR_MIB};
    for (int i = 0; i < sizes.length; i++) {
      session.sendBinary(ByteBuffer.wrap(randomBytes(sizes[i], i)));
    }

    for (int i = 0; i < sizes.length; i++) {
      assertSameBytes(client.nextBinary(), randomBytes(sizes[i], i), "of " + sizes[i] + " bytes echoed");
    }
  }

  /**
   * A message of exactly four full TLS 1.3 records waits in the client's socket while it does not read. Once it
   * reads again, its 64 KiB read buffer takes three records and leaves the fourth, already taken from the socket,
   * for later: the socket is silent from then on, and the record must be read all the same.
   */
  @Test
  void aRecordAlreadyTakenFromTheSocketIsReadThoughTheSocketStaysSilent() {
    RecordingListener client = new RecordingListener();
    WsClient noDeflate = Loopback.client(cleanup, WsClient.builder().tls(loopback.clientTls())
        .config(config().toBuilder().deflate(DeflateConfig.disabled()).build()));
    WsSession session = connect(noDeflate, wss(server, "/echo"), client);
    WsSession serverSide = echo.awaitSession();
    session.suspendReading();
    await(session.sendPing(ByteBuffer.allocate(0)), "a ping queued after the suspension");
    byte[] fourRecords = randomBytes(4 * 16_384 - 10, 4);
    await(serverSide.sendBinary(ByteBuffer.wrap(fourRecords)), "sendBinary of one frame of 64 KiB");

    session.resumeReading();

    assertSameBytes(client.nextBinary(), fourRecords, "received by the client");
  }

  @Test
  void fragmentedMessagesCrossWssWholeWithTheEngineClient() {
    RecordingListener client = new RecordingListener();
    WsSession session = connect(wssClient(), wss(server, "/fragments"), client);

    await(session.sendTextFragment(ByteBuffer.wrap(Wire.utf8("one ")), false), "first fragment");
    await(session.sendTextFragment(ByteBuffer.wrap(Wire.utf8("two ")), false), "second fragment");
    await(session.sendTextFragment(ByteBuffer.wrap(Wire.utf8("three")), true), "last fragment");

    assertThat(fragments.nextText()).isEqualTo("one two three");
    assertThat(client.nextText()).isEqualTo("fragmented");
  }

  // ---------------------------------------------------------------- echo with the JDK's client

  @Test
  void theJdkClientExchangesTextAndBinaryOverWss() {
    JdkClient client = JdkClient.connect(cleanup, loopback.clientContext(), wss(server, "/echo"));

    client.sendText("hello from java.net.http");
    client.sendBinary(new byte[] {9, 8, 7});

    assertThat(client.nextText()).isEqualTo("hello from java.net.http");
    assertThat(client.nextBinary()).containsExactly(9, 8, 7);
  }

  @Test
  void fourMebibytesCrossWssInBothDirectionsWithTheJdkClient() {
    JdkClient client = JdkClient.connect(cleanup, loopback.clientContext(), wss(server, "/echo"));
    byte[] message = randomBytes(FOUR_MIB, 2);
    String text = randomAscii(FOUR_MIB, 3);

    client.sendBinary(message);
    client.sendText(text);

    assertSameBytes(echo.nextBinary(), message, "binary received by the server");
    assertSameBytes(client.nextBinary(), message, "binary echoed to the JDK client");
    assertThat(echo.nextText()).as("text received by the server").isEqualTo(text);
    assertThat(client.nextText()).as("text echoed to the JDK client").isEqualTo(text);
  }

  @Test
  void fragmentedMessagesCrossWssWholeWithTheJdkClient() {
    JdkClient client = JdkClient.connect(cleanup, loopback.clientContext(), wss(server, "/fragments"));

    await(client.webSocket().sendText("frag", false), "first fragment");
    await(client.webSocket().sendText("ments from the JDK", true), "last fragment");

    assertThat(fragments.nextText()).isEqualTo("fragments from the JDK");
    assertThat(client.nextText()).isEqualTo("fragmented");
  }

  // ---------------------------------------------------------------- trust and names

  @Test
  void aClientThatDoesNotTrustTheCertificateFailsItsHandshakeAndTheServerCountsIt() {
    WsClient untrusting = Loopback.client(cleanup, WsClient.builder());

    Throwable failure = Loopback.failure(untrusting.connect(wss(server, "/echo"), new RecordingListener()),
        "connect with the JDK's default trust");

    assertThat(failure).isInstanceOf(WsHandshakeException.class);
    assertThat(untrusting.stats().tlsHandshakeFailures()).isEqualTo(1);
    awaitTlsFailures(server, 1);
    assertThat(server.stats().handshakesAccepted()).isZero();
    assertThat(echo.opened).isEmpty();
  }

  @Test
  void anAddressTheCertificateDoesNotNameIsRefusedByHostNameVerification() throws Exception {
    WsServer elsewhereAddress = tlsServer(config(), loopback, InetAddress.getByName("127.0.0.2"));
    WsClient client = wssClient();

    Throwable failure = Loopback.failure(
        client.connect(URI.create("wss://127.0.0.2:" + elsewhereAddress.port() + "/echo"), new RecordingListener()),
        "connect to 127.0.0.2");

    assertThat(failure).isInstanceOf(WsHandshakeException.class);
    assertThat(client.stats().tlsHandshakeFailures()).isEqualTo(1);
    awaitTlsFailures(elsewhereAddress, 1);
    assertThat(elsewhereAddress.stats().handshakesAccepted()).isZero();
  }

  @Test
  void aTrustedCertificateWithoutTheRightSubjectAlternativeNameIsRefused() throws Exception {
    WsServer wrongName = tlsServer(config(), elsewhere, InetAddress.getLoopbackAddress());
    WsClient trustsIt = Loopback.client(cleanup, WsClient.builder().tls(elsewhere.clientTls()));

    Throwable failure = Loopback.failure(trustsIt.connect(wss(wrongName, "/echo"), new RecordingListener()),
        "connect to a certificate for example.com");

    assertThat(failure).isInstanceOf(WsHandshakeException.class);
    awaitTlsFailures(wrongName, 1);
    assertThat(wrongName.stats().handshakesAccepted()).isZero();
  }

  // ---------------------------------------------------------------- plain text on a TLS port

  @Test
  void aPlainWsClientOnATlsPortFailsAndTheServerCountsATlsFailure() {
    WsClient plain = Loopback.client(cleanup, WsClient.builder());

    Throwable failure = Loopback.failure(
        plain.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new RecordingListener()),
        "plain connect to a TLS port");

    assertThat(failure).isInstanceOf(WsHandshakeException.class);
    awaitTlsFailures(server, 1);
  }

  @Test
  void plainHttpBytesOnATlsPortAreAnsweredByClosingTheConnection() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      raw.write(Wire.upgradeRequest("/echo", Wire.newKey()));

      assertThat(endsWithin(raw.channel().socket().getInputStream())).as("the server ended the connection").isTrue();
    }
    awaitTlsFailures(server, 1);
    assertThat(server.stats().handshakesAccepted()).isZero();
  }

  // ---------------------------------------------------------------- the handshake timeout covers TLS

  @Test
  void aClientThatConnectsAndSendsNothingIsClosedAtTheHandshakeTimeout() throws Exception {
    WsServer strict = tlsServer(config().toBuilder().handshakeTimeout(Duration.ofMillis(300)).build(), loopback,
        InetAddress.getLoopbackAddress());
    try (RawClient silent = RawClient.connect(strict.port())) {
      long start = System.nanoTime();

      assertThat(endsWithin(silent.channel().socket().getInputStream())).as("the server ended the connection")
          .isTrue();

      assertThat(millisSince(start)).as("ms until the connection ended").isBetween(250L, 3_000L);
    }
    awaitTlsFailures(strict, 1);
  }

  @Test
  void aClientThatSendsHalfAClientHelloIsClosedAtTheHandshakeTimeout() throws Exception {
    WsServer strict = tlsServer(config().toBuilder().handshakeTimeout(Duration.ofMillis(300)).build(), loopback,
        InetAddress.getLoopbackAddress());
    byte[] clientHello = clientHello(loopback.clientContext());
    try (RawClient stalled = RawClient.connect(strict.port())) {
      long start = System.nanoTime();
      stalled.write(Arrays.copyOf(clientHello, clientHello.length / 2));

      assertThat(endsWithin(stalled.channel().socket().getInputStream())).as("the server ended the connection")
          .isTrue();

      assertThat(millisSince(start)).as("ms until the connection ended").isBetween(250L, 3_000L);
    }
    awaitTlsFailures(strict, 1);
  }

  @Test
  void theEngineClientGivesUpOnAServerThatNeverAnswersTheClientHelloAtTheHandshakeTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      WsClient client = Loopback.client(cleanup, WsClient.builder().tls(loopback.clientTls())
          .config(config().toBuilder().handshakeTimeout(Duration.ofMillis(300)).build()));
      long start = System.nanoTime();

      Throwable failure = Loopback.failure(
          client.connect(URI.create("wss://127.0.0.1:" + silent.getLocalPort() + "/echo"), new RecordingListener()),
          "connect to a server that never answers");

      assertThat(failure).isInstanceOf(WsHandshakeException.class);
      assertThat(millisSince(start)).as("ms until the connect failed").isBetween(250L, 3_000L);
      assertThat(client.stats().tlsHandshakeFailures()).isEqualTo(1);
    }
  }

  @Test
  void aClientThatCompletesTlsButSendsNoRequestGets408AtTheHandshakeTimeout() throws Exception {
    WsServer strict = tlsServer(config().toBuilder().handshakeTimeout(Duration.ofMillis(300)).build(), loopback,
        InetAddress.getLoopbackAddress());
    try (TlsEngineClient client = TlsEngineClient.connect(strict.port(), loopback.clientContext(), 4096)) {
      client.handshake();
      client.flush();

      Wire.Response response = Wire.readResponse(client.in());

      assertThat(response.status()).isEqualTo(408);
      assertThat(client.in().read()).as("end of the stream after the response").isEqualTo(-1);
      assertThat(client.closeNotifyReceived()).isTrue();
    }
  }

  // ---------------------------------------------------------------- records cut anywhere

  @ParameterizedTest(name = "ciphertext delivered {0} bytes at a time still carries the upgrade and the echo")
  @ValueSource(ints = {1, 2, 3, 7, 100, 1000, 5003, 16411})
  void ciphertextCutIntoPiecesOfAnySizeStillCarriesTheUpgradeAndTheEcho(int chunk) throws Exception {
    String message = randomAscii(chunk <= 3 ? 20_000 : 40_000, chunk);
    String key = Wire.newKey();
    try (TlsEngineClient client = TlsEngineClient.connect(server.port(), loopback.clientContext(), chunk)) {
      client.handshake();
      ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
      plaintext.writeBytes(Wire.utf8(Wire.upgradeRequest("/echo", key)));
      plaintext.writeBytes(Wire.maskedText(message));

      client.write(plaintext.toByteArray());

      Wire.Response response = Wire.readResponse(client.in());
      assertThat(response.status()).isEqualTo(101);
      assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(Wire.acceptKey(key));
      Wire.Frame echoed = Wire.readFrame(client.in());
      assertThat(echoed.opcode()).isEqualTo(Wire.TEXT);
      assertThat(echoed.text()).isEqualTo(message);
      assertThat(client.writes()).as("writes the ciphertext took").isGreaterThanOrEqualTo(client.cipherBytesSent() / chunk);
    }
    assertThat(echo.nextText()).isEqualTo(message);
  }

  // ---------------------------------------------------------------- renegotiation

  @Test
  void aTls12ClientThatStartsASecondHandshakeIsDropped() throws Exception {
    try (SSLSocket socket = sslSocket(server.port(), "TLSv1.2")) {
      InputStream in = socket.getInputStream();
      upgrade(socket, "/echo");
      socket.getOutputStream().write(Wire.maskedText("before"));
      assertThat(Wire.readFrame(in).text()).isEqualTo("before");
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");

      socket.startHandshake();

      assertThat(endsWithin(in)).as("the server ended the connection").isTrue();
    }
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
    Awaitility.await("sessions of the server").atMost(Loopback.TIMEOUT).until(() -> server.sessions().isEmpty());
  }

  @Test
  void aTls13KeyUpdateIsNotARenegotiationAndTheSessionGoesOn() throws Exception {
    try (SSLSocket socket = sslSocket(server.port(), "TLSv1.3")) {
      InputStream in = socket.getInputStream();
      upgrade(socket, "/echo");
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");

      socket.startHandshake();
      socket.getOutputStream().write(Wire.maskedText("after a key update"));

      assertThat(Wire.readFrame(in).text()).isEqualTo("after a key update");
    }
  }

  // ---------------------------------------------------------------- close_notify

  @Test
  void whenTheServerClosesTheClientSeesTheCloseFrameThenAProperTlsClose() throws Exception {
    try (SSLSocket socket = sslSocket(server.port(), "TLSv1.3")) {
      InputStream in = socket.getInputStream();
      upgrade(socket, "/echo");
      WsSession session = echo.awaitSession();

      session.close(CloseStatus.of(4000, "done"));
      Wire.Frame close = Wire.readFrame(in);
      socket.getOutputStream().write(Wire.masked(true, Wire.CLOSE, close.payload()));

      assertThat(close.closeCode()).isEqualTo(4000);
      assertThat(in.read()).as("read after the close handshake: close_notify, not a truncation").isEqualTo(-1);
    }
    assertThat(echo.awaitClose()).isEqualTo(CloseStatus.of(4000, "done"));
  }

  @ParameterizedTest(name = "over {0}, close_notify from the client ends the session and is answered in kind")
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void closeNotifyFromTheClientEndsTheSessionAndIsAnsweredInKind(String protocol) throws Exception {
    try (TlsEngineClient client = TlsEngineClient.connect(server.port(), loopback.clientContext(), 8192, protocol)) {
      client.handshake();
      client.write(Wire.utf8(Wire.upgradeRequest("/echo", Wire.newKey())));
      assertThat(Wire.readResponse(client.in()).status()).isEqualTo(101);
      echo.awaitSession();

      client.sendCloseNotify();

      assertThat(echo.awaitClose()).as("the session's end, as its listener saw it").isEqualTo(CloseStatus.ABNORMAL);
      assertThat(client.in().read()).isEqualTo(-1);
      assertThat(client.closeNotifyReceived()).as("the server answered with close_notify").isTrue();
      assertThat(client.protocol()).isEqualTo(protocol);
    }
  }

  @Test
  void aCloseFrameThenCloseNotifyFromTheClientEndsTheSessionWithTheFramesStatus() throws Exception {
    try (TlsEngineClient client = TlsEngineClient.connect(server.port(), loopback.clientContext(), 8192)) {
      client.handshake();
      client.write(Wire.utf8(Wire.upgradeRequest("/echo", Wire.newKey())));
      assertThat(Wire.readResponse(client.in()).status()).isEqualTo(101);

      client.write(Wire.masked(true, Wire.CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}));
      client.sendCloseNotify();

      assertThat(echo.awaitClose()).isEqualTo(CloseStatus.of(1000, "bye"));
      assertThat(Wire.readFrame(client.in()).closeCode()).isEqualTo(1000);
      assertThat(client.in().read()).isEqualTo(-1);
    }
  }

  /**
   * The server does not read (its session suspended reading), so it learns of the reset only when it writes: that
   * write fails, and the session ends there, not the event loop that serves the other sessions.
   */
  @Test
  void aClientThatResetsTheConnectionBeforeAWriteEndsOnlyItsOwnSession() throws Exception {
    WsSession serverSide;
    try (SSLSocket socket = sslSocket(server.port(), "TLSv1.3")) {
      upgrade(socket, "/echo");
      serverSide = echo.awaitSession();
      serverSide.suspendReading();
      await(serverSide.sendPing(ByteBuffer.allocate(0)), "a ping queued after the suspension");
      socket.setSoLinger(true, 0);
    }

    Throwable failure = Loopback.failure(serverSide.sendText("to nobody"), "sendText to a reset connection");

    assertThat(failure).isInstanceOf(WsSendException.class);
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
    RecordingListener client = new RecordingListener();
    WsSession other = connect(wssClient(), wss(server, "/echo"), client);
    await(other.sendText("still serving"), "sendText on the same event loop");
    assertThat(client.nextText()).isEqualTo("still serving");
  }

  // ---------------------------------------------------------------- graceful shutdown

  @Test
  void aGracefulShutdownSendsGoingAwayOverTls() {
    RecordingListener client = new RecordingListener();
    connect(wssClient(), wss(server, "/echo"), client);
    echo.awaitSession();

    server.stop(Duration.ofSeconds(5));

    assertThat(client.awaitClose()).isEqualTo(CloseStatus.SHUTDOWN);
    assertThat(echo.awaitClose()).isEqualTo(CloseStatus.SHUTDOWN);
    assertThat(server.stats().closes()).containsEntry(CloseStatus.GOING_AWAY, 1L);
  }

  // ---------------------------------------------------------------- helpers

  private static WsConfig config() {
    return Loopback.withMaxMessageSize(WsConfig.defaults(), 2 * FOUR_MIB).toBuilder()
        .outboundBufferLimit(4L * FOUR_MIB)
        .build();
  }

  private WsServer tlsServer(WsConfig config, TestCertificates certificate, InetAddress address) throws IOException {
    return Loopback.server(cleanup, WsServer.builder().ioThreads(1).config(config).address(address)
        .tls(certificate.serverTls())
        .handler(WsRoutes.builder().route("/echo", echo).route("/fragments", fragments).route("/owned", ownedEcho)
            .build()));
  }

  private WsClient wssClient() {
    return Loopback.client(cleanup, WsClient.builder().config(config()).tls(loopback.clientTls()));
  }

  private static WsSession connect(WsClient client, URI uri, RecordingListener listener) {
    return await(client.connect(uri, listener), "connect to " + uri);
  }

  private static URI wss(WsServer server, String path) {
    return URI.create("wss://127.0.0.1:" + server.port() + path);
  }

  private static void awaitTlsFailures(WsServer server, long count) {
    Awaitility.await("TLS handshake failures counted by the server").atMost(Loopback.TIMEOUT)
        .until(() -> server.stats().tlsHandshakeFailures() == count);
  }

  private SSLSocket sslSocket(int port, String protocol) throws IOException {
    SSLContext context = loopback.clientContext();
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) Loopback.TIMEOUT.toMillis());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {protocol});
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static void upgrade(SSLSocket socket, String path) throws IOException {
    String key = Wire.newKey();
    OutputStream out = socket.getOutputStream();
    out.write(Wire.upgradeRequest(path, key).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    Wire.Response response = Wire.readResponse(socket.getInputStream());
    assertThat(response.status()).isEqualTo(101);
    assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(Wire.acceptKey(key));
  }

  /**
   * Whether the peer ends the connection within {@link Loopback#TIMEOUT}: reads (and drops, up to 1 MiB) what
   * still comes, such as a TLS alert, until the end of the stream or a reset.
   */
  private static boolean endsWithin(InputStream in) throws IOException {
    byte[] sink = new byte[4096];
    long deadline = System.nanoTime() + Loopback.TIMEOUT.toNanos();
    for (int total = 0; total < (1 << 20) && System.nanoTime() - deadline < 0; ) {
      int n;
      try {
        n = in.read(sink);
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException | SSLException e) {
        return true;
      }
      if (n < 0) {
        return true;
      }
      total += n;
    }
    return false;
  }

  /** The first flight of a TLS client: its ClientHello record. */
  private static byte[] clientHello(SSLContext context) throws IOException {
    SSLEngine engine = context.createSSLEngine("127.0.0.1", 443);
    engine.setUseClientMode(true);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
    assertThat(result.bytesProduced()).isPositive();
    return Arrays.copyOf(out.array(), out.position());
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String randomAscii(int size, long seed) {
    Random random = new Random(seed);
    char[] chars = new char[size];
    for (int i = 0; i < size; i++) {
      chars[i] = (char) (' ' + random.nextInt(95));
    }
    return new String(chars);
  }

  private static void assertSameBytes(byte[] actual, byte[] expected, String what) {
    assertThat(actual.length).as("length of the message " + what).isEqualTo(expected.length);
    assertThat(Arrays.mismatch(actual, expected)).as("first differing byte of the message " + what).isEqualTo(-1);
  }
}
