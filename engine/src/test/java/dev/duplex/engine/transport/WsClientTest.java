package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static dev.duplex.engine.transport.Loopback.failure;
import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.HandshakeDecision;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsHandshakeException;
import dev.duplex.engine.WsSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's own client against its server, and against a hand-written server that inspects the wire. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WsClientTest {

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener echo = RecordingListener.echoing();
  private final RecordingListener client = new RecordingListener();

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  private WsServer echoServer() throws IOException {
    return Loopback.server(cleanup, WsConfig.defaults(), Loopback.route("/echo", echo));
  }

  private WsClient wsClient() {
    return Loopback.client(cleanup, WsClient.builder());
  }

  @Test
  void aTextMessageIsEchoed() throws Exception {
    WsServer server = echoServer();
    WsSession session = await(wsClient().connect(uri(server, "/echo"), client), "connect");

    await(session.sendText("hello from the engine's client"), "sendText");

    assertThat(client.nextText()).isEqualTo("hello from the engine's client");
    assertThat(session.isOpen()).isTrue();
    assertThat(client.opened).containsExactly(session);
  }

  @Test
  void aBinaryMessageIsEchoed() throws Exception {
    WsServer server = echoServer();
    WsSession session = await(wsClient().connect(uri(server, "/echo"), client), "connect");
    byte[] message = new byte[70_000];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) (i * 31);
    }

    await(session.sendBinary(ByteBuffer.wrap(message)), "sendBinary");

    assertThat(client.nextBinary()).isEqualTo(message);
  }

  @Test
  void aPreparedMessageSentByTheClientIsMaskedForItAndArrivesIntact() throws Exception {
    WsServer server = echoServer();
    WsSession session = await(wsClient().connect(uri(server, "/echo"), client), "connect");
    PreparedMessage prepared = PreparedMessage.text("prepared once");

    await(session.send(prepared), "first send");
    await(session.send(prepared), "second send");

    assertThat(echo.nextText()).isEqualTo("prepared once");
    assertThat(echo.nextText()).isEqualTo("prepared once");
    assertThat(client.nextText()).isEqualTo("prepared once");
  }

  @Test
  void closingTheClientClosesItsSessionsWithGoingAway() throws Exception {
    WsServer server = echoServer();
    WsClient own = WsClient.builder().build();
    WsSession session = await(own.connect(uri(server, "/echo"), client), "connect");

    own.close(Duration.ofSeconds(5));

    assertThat(echo.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.GOING_AWAY, "client closing"));
    assertThat(client.awaitClose().code()).isEqualTo(CloseStatus.GOING_AWAY);
    assertThat(session.isOpen()).isFalse();
    assertThat(own.sessions()).isEmpty();
  }

  @Test
  void theFirstSubprotocolTheClientOffersAmongThoseTheServerSpeaksIsChosen() throws Exception {
    WsServer server = Loopback.server(cleanup, WsConfig.defaults(),
        (request, connection) -> HandshakeDecision.accept(echo, List.of("b", "a"), Map.of()));

    WsSession session = await(wsClient().connect(uri(server, "/chat"),
        ConnectOptions.defaults().withSubprotocols("a", "b"), client), "connect");

    assertThat(session.subprotocol()).contains("a");
    assertThat(echo.awaitSession().subprotocol()).contains("a");
  }

  @Test
  void withoutASubprotocolInCommonNoneIsChosen() throws Exception {
    WsServer server = Loopback.server(cleanup, WsConfig.defaults(),
        (request, connection) -> HandshakeDecision.accept(echo, List.of("b", "a"), Map.of()));

    WsSession session = await(wsClient().connect(uri(server, "/chat"),
        ConnectOptions.defaults().withSubprotocols("c"), client), "connect");

    assertThat(session.subprotocol()).isEmpty();
    assertThat(echo.awaitSession().subprotocol()).isEmpty();
    await(session.sendText("still works"), "sendText");
    assertThat(client.nextText()).isEqualTo("still works");
  }

  @Test
  void extraHeadersReachTheServerInTheHandshake() throws Exception {
    WsServer server = echoServer();

    await(wsClient().connect(uri(server, "/echo?room=7"),
        ConnectOptions.defaults().withHeader("X-Duplex-Test", "42").withHeader("Origin", "http://app.test"),
        client), "connect");

    WsSession session = echo.awaitSession();
    assertThat(session.handshake().headers().first("X-Duplex-Test")).isEqualTo("42");
    assertThat(session.handshake().headers().first("origin")).isEqualTo("http://app.test");
    assertThat(session.handshake().queryParameter("room")).isEqualTo("7");
  }

  @Test
  void aRefusedHandshakeFailsTheConnectWithTheServersStatus() throws Exception {
    WsServer server = echoServer();

    Throwable failure = failure(wsClient().connect(uri(server, "/nowhere"), client), "connect to /nowhere");

    assertThat(failure).isInstanceOf(WsHandshakeException.class);
    assertThat(((WsHandshakeException) failure).status()).isEqualTo(404);
    assertThat(client.opened).isEmpty();
    assertThat(server.stats().handshakesRefused()).containsEntry(404, 1L);
  }

  @Test
  void aRefusedConnectionFailsTheConnectWithAnIoException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    Throwable failure = failure(wsClient().connect(URI.create("ws://127.0.0.1:" + closedPort + "/"), client),
        "connect to a closed port");

    assertThat(failure).isInstanceOf(IOException.class);
  }

  @Test
  void aServerThatNeverAnswersFailsTheConnectAfterTheHandshakeTimeout() throws Exception {
    ServerSocket silent = cleanup.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    WsClient slowClient = Loopback.client(cleanup,
        WsClient.builder().config(WsConfig.builder().handshakeTimeout(Duration.ofMillis(300)).build()));

    CompletableFuture<WsSession> connect =
        slowClient.connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"), client);

    Throwable failure = failure(connect, "connect to a silent server");
    assertThat(failure).isInstanceOf(WsHandshakeException.class);
    assertThat(((WsHandshakeException) failure).status()).isZero();
  }

  @Test
  void everyFrameTheClientSendsIsMaskedWithAFreshKey() throws Exception {
    ServerSocket listening = cleanup.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    CompletableFuture<WsSession> connect =
        wsClient().connect(URI.create("ws://127.0.0.1:" + listening.getLocalPort() + "/wire"), client);
    Socket peer = acceptAndUpgrade(listening, new byte[0]);
    WsSession session = await(connect, "connect");

    await(session.sendText("first"), "first send");
    await(session.sendText("second"), "second send");

    InputStream in = peer.getInputStream();
    Wire.Frame first = Wire.readFrame(in);
    Wire.Frame second = Wire.readFrame(in);
    assertThat(first.masked()).as("mask bit of the first frame").isTrue();
    assertThat(second.masked()).as("mask bit of the second frame").isTrue();
    assertThat(first.text()).isEqualTo("first");
    assertThat(second.text()).isEqualTo("second");
    assertThat(first.maskKey()).as("mask keys of consecutive frames").isNotEqualTo(second.maskKey());
  }

  @Test
  void aFrameThatArrivesWithTheHandshakeAnswerIsDelivered() throws Exception {
    ServerSocket listening = cleanup.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    CompletableFuture<WsSession> connect =
        wsClient().connect(URI.create("ws://127.0.0.1:" + listening.getLocalPort() + "/wire"), client);

    acceptAndUpgrade(listening, Wire.unmasked(true, Wire.TEXT, Wire.utf8("welcome")));

    await(connect, "connect");
    assertThat(client.nextText()).isEqualTo("welcome");
  }

  /** Plays the server by hand: reads the request head and answers 101, followed by {@code behind}. */
  private Socket acceptAndUpgrade(ServerSocket listening, byte[] behind) throws IOException {
    listening.setSoTimeout((int) Loopback.TIMEOUT.toMillis());
    Socket peer = cleanup.add(listening.accept());
    peer.setSoTimeout((int) Loopback.TIMEOUT.toMillis());
    List<String> head = Wire.readHead(peer.getInputStream());
    assertThat(head.get(0)).isEqualTo("GET /wire HTTP/1.1");
    String key = Wire.headers(head).get("sec-websocket-key").get(0);
    byte[] answer = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + Wire.acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    OutputStream out = peer.getOutputStream();
    byte[] both = new byte[answer.length + behind.length];
    System.arraycopy(answer, 0, both, 0, answer.length);
    System.arraycopy(behind, 0, both, answer.length, behind.length);
    out.write(both);
    out.flush();
    return peer;
  }
}
