package dev.duplex.engine.transport;

import static dev.duplex.engine.transport.Loopback.await;
import static dev.duplex.engine.transport.Loopback.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import dev.duplex.engine.WsConfig;
import dev.duplex.engine.WsRoutes;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.protocol.DeflateConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate (RFC 7692) over real sockets: the engine's client and server together, frames inspected by
 * hand, Netty's implementation and the JDK's extension-less client against the server, a server that declines the
 * extension, and peers that break its rules.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeflateInteropTest {

  private static final int EIGHT_MIB = 8 << 20;
  private static final int RSV1 = 0b100;
  private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
  private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate";
  private static final String AGREEMENT = "permessage-deflate; server_no_context_takeover";
  private static final String FRAGMENTED = compressible(3_000, 9);

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener echo = RecordingListener.echoing();
  private final RecordingListener fragments = new RecordingListener() {
    @Override
    public void onText(WsSession session, String text) {
      super.onText(session, text);
      byte[] bytes = Wire.utf8(FRAGMENTED);
      session.sendTextFragment(ByteBuffer.wrap(bytes, 0, 1_000), false);
      session.sendTextFragment(ByteBuffer.wrap(bytes, 1_000, 1_000), false);
      session.sendTextFragment(ByteBuffer.wrap(bytes, 2_000, 1_000), true);
    }
  };
  private WsServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = server(config(DeflateConfig.defaults()));
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  // ---------------------------------------------------------------- the engine's client and server

  @ParameterizedTest(name = "messages of {0} bytes round-trip between the engine's deflate client and server")
  @ValueSource(ints = {0, 1, 255, 256, 257, 4_096, 65_536, 1 << 20})
  void messagesOfManySizesRoundTripBetweenTheEnginesClientAndServer(int size) {
    RecordingListener client = new RecordingListener();
    WsSession session = connect(deflateClient(), uri(server, "/echo"), client);
    String text = compressible(size, size);
    byte[] noise = randomBytes(size, size);
    byte[] zeros = new byte[size];

    await(session.sendText(text), "sendText");
    await(session.sendBinary(ByteBuffer.wrap(noise)), "sendBinary of noise");
    await(session.sendBinary(ByteBuffer.wrap(zeros)), "sendBinary of zeros");

    assertThat(echo.nextText()).as("text received by the server").isEqualTo(text);
    assertThat(client.nextText()).as("text echoed to the client").isEqualTo(text);
    assertThat(client.nextBinary()).as("noise echoed").isEqualTo(noise);
    assertThat(client.nextBinary()).as("zeros echoed").isEqualTo(zeros);
    assertThat(echo.awaitSession().handshake().headers().first("Sec-WebSocket-Extensions"))
        .as("the client's offer").isEqualTo("permessage-deflate");
  }

  /**
   * The engine's client keeps its compression context, and fragments are compressed whatever their size: an empty
   * last fragment right after a flush must still carry the empty block the receiver's appended trailer completes,
   * or the server's inflater is left inside a block header and garbles every later message.
   */
  @Test
  void aFragmentedMessageEndingInAnEmptyFragmentLeavesTheContextIntactForTheNextMessages() {
    RecordingListener client = new RecordingListener();
    WsSession session = connect(deflateClient(), uri(server, "/echo"), client);
    String text = compressible(1_000, 15);

    await(session.sendTextFragment(ByteBuffer.wrap(Wire.utf8(text)), false), "first fragment");
    await(session.sendTextFragment(ByteBuffer.allocate(0), true), "empty last fragment");
    await(session.sendBinaryFragment(ByteBuffer.allocate(0), false), "empty first fragment");
    await(session.sendBinaryFragment(ByteBuffer.allocate(0), true), "empty last fragment");
    await(session.sendText(text + " again"), "sendText");

    assertThat(echo.nextText()).isEqualTo(text);
    assertThat(echo.nextBinary()).isEmpty();
    assertThat(echo.nextText()).isEqualTo(text + " again");
    assertThat(client.nextText()).isEqualTo(text);
    assertThat(client.nextBinary()).isEmpty();
    assertThat(client.nextText()).isEqualTo(text + " again");
  }

  @Test
  void theEnginesClientAndServerCompressWhatTheyPutOnTheWire() throws Exception {
    Relay relay = cleanup.add(Relay.to(server.port()));
    RecordingListener client = new RecordingListener();
    WsSession session = connect(deflateClient(), URI.create("ws://127.0.0.1:" + relay.port() + "/echo"), client);
    String text = compressible(1 << 20, 1);

    await(session.sendText(text), "sendText of 1 MiB");

    assertThat(client.nextText()).isEqualTo(text);
    assertThat(relay.upstream.get()).as("bytes the client sent for 1 MiB, handshake included")
        .isLessThan(256 * 1024);
    assertThat(relay.downstream.get()).as("bytes the server sent for 1 MiB, handshake included")
        .isLessThan(256 * 1024);
  }

  @Test
  void aPreparedMessageReachesManyDeflateSessionsAndAPlainOneIntact() {
    WsClient deflating = deflateClient();
    List<RecordingListener> clients = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RecordingListener client = new RecordingListener();
      connect(deflating, uri(server, "/echo"), client);
      clients.add(client);
      echo.awaitSession();
    }
    JdkClient plain = JdkClient.connect(cleanup, uri(server, "/echo"));
    echo.awaitSession();
    String large = compressible(200_000, 3);
    byte[] small = {1, 2, 3};
    PreparedMessage text = PreparedMessage.text(large);
    PreparedMessage binary = PreparedMessage.binary(ByteBuffer.wrap(small));

    for (WsSession session : server.sessions()) {
      await(session.send(text), "send prepared text");
      await(session.send(binary), "send prepared binary");
    }

    assertThat(server.sessions()).hasSize(6);
    for (RecordingListener client : clients) {
      assertThat(client.nextText()).isEqualTo(large);
      assertThat(client.nextBinary()).isEqualTo(small);
    }
    assertThat(plain.nextText()).isEqualTo(large);
    assertThat(plain.nextBinary()).isEqualTo(small);
  }

  // ---------------------------------------------------------------- frames inspected by hand

  @Test
  void anOfferIsAnsweredWithServerNoContextTakeover() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      Wire.Response response = upgradeOffering(raw, "/echo", OFFER);

      assertThat(response.status()).isEqualTo(101);
      assertThat(response.header("Sec-WebSocket-Extensions")).isEqualTo(AGREEMENT);
    }
  }

  @Test
  void messagesBelowTheThresholdGoUncompressedAndFromItOnCompressed() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      upgradeOffering(raw, "/echo", OFFER);
      String below = compressible(255, 1);
      String at = compressible(256, 2);
      String large = compressible(100_000, 3);

      raw.sendText(below);
      Wire.Frame belowEcho = raw.readFrame();
      raw.sendText(at);
      Wire.Frame atEcho = raw.readFrame();
      raw.sendText(large);
      Wire.Frame largeEcho = raw.readFrame();

      assertThat(belowEcho.rsv()).as("RSV bits below the threshold").isZero();
      assertThat(belowEcho.text()).isEqualTo(below);
      assertThat(atEcho.rsv()).as("RSV bits at the threshold").isEqualTo(RSV1);
      assertThat(inflate(new Inflater(true), atEcho.payload())).isEqualTo(Wire.utf8(at));
      assertThat(largeEcho.rsv()).isEqualTo(RSV1);
      assertThat(largeEcho.payload().length).as("compressed size of 100 000 bytes").isLessThan(20_000);
      assertThat(inflate(new Inflater(true), largeEcho.payload())).isEqualTo(Wire.utf8(large));
    }
  }

  @Test
  void aCompressedMessageTheServerSendsInFragmentsHasRsv1OnItsFirstFrameOnly() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      upgradeOffering(raw, "/fragments", OFFER);

      raw.sendText("fragments, please");

      List<Wire.Frame> frames = new ArrayList<>();
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      for (int i = 0; i < 10 && (frames.isEmpty() || !frames.get(frames.size() - 1).fin()); i++) {
        Wire.Frame frame = raw.readFrame();
        frames.add(frame);
        compressed.writeBytes(frame.payload());
      }
      assertThat(frames).extracting(Wire.Frame::opcode).containsExactly(Wire.TEXT, Wire.CONTINUATION,
          Wire.CONTINUATION);
      assertThat(frames).extracting(Wire.Frame::rsv).containsExactly(RSV1, 0, 0);
      assertThat(inflate(new Inflater(true), compressed.toByteArray())).isEqualTo(Wire.utf8(FRAGMENTED));
    }
  }

  @Test
  void compressedMessagesFromAClientThatKeepsItsContextAreInflated() throws Exception {
    Deflater context = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try (RawClient raw = RawClient.connect(server.port())) {
      upgradeOffering(raw, "/echo", OFFER);
      String message = compressible(2_000, 5);

      for (int i = 0; i < 3; i++) {
        byte[] payload = deflate(context, Wire.utf8(message + i));
        raw.write(Wire.frame(true, RSV1, Wire.TEXT, payload, Wire.randomMaskKey(), true));

        assertThat(echo.nextText()).as("message #" + i + " at the server").isEqualTo(message + i);
        raw.readFrame();
      }
    } finally {
      context.end();
    }
  }

  @Test
  void aCompressedMessageInFragmentsWithAPingBetweenThemIsInflatedWhole() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      upgradeOffering(raw, "/echo", OFFER);
      String message = compressible(5_000, 11);
      byte[] compressed = deflate(new Deflater(6, true), Wire.utf8(message));
      int cut = compressed.length / 3;

      raw.write(Wire.frame(false, RSV1, Wire.TEXT, Arrays.copyOfRange(compressed, 0, cut), Wire.randomMaskKey(),
          true));
      raw.write(Wire.masked(true, Wire.PING, Wire.utf8("between")));
      raw.write(Wire.masked(false, Wire.CONTINUATION, Arrays.copyOfRange(compressed, cut, 2 * cut)));
      raw.write(Wire.masked(true, Wire.CONTINUATION, Arrays.copyOfRange(compressed, 2 * cut, compressed.length)));

      Wire.Frame pong = raw.readFrame();
      assertThat(pong.opcode()).isEqualTo(Wire.PONG);
      assertThat(pong.text()).isEqualTo("between");
      assertThat(echo.nextText()).isEqualTo(message);
      assertThat(inflate(new Inflater(true), raw.readFrame().payload())).isEqualTo(Wire.utf8(message));
    }
  }

  @Test
  void anEmptyCompressedMessageIsAnEmptyMessage() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      upgradeOffering(raw, "/echo", OFFER);

      raw.write(Wire.frame(true, RSV1, Wire.TEXT, new byte[] {0x00}, Wire.randomMaskKey(), true));
      raw.write(Wire.frame(true, RSV1, Wire.BINARY, new byte[0], Wire.randomMaskKey(), true));
      raw.sendText("after");

      assertThat(echo.nextText()).isEmpty();
      assertThat(echo.nextBinary()).isEmpty();
      assertThat(echo.nextText()).isEqualTo("after");
    }
  }

  @Test
  void compressedTextThatIsNotUtf8ClosesWith1007() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      upgradeOffering(raw, "/echo", OFFER);
      byte[] invalid = Arrays.copyOf(Wire.utf8(compressible(1_000, 12)), 1_002);
      invalid[1_000] = (byte) 0xC0;
      invalid[1_001] = (byte) 0xAF;

      raw.write(Wire.frame(true, RSV1, Wire.TEXT, deflate(new Deflater(6, true), invalid), Wire.randomMaskKey(),
          true));

      assertThat(raw.readFrame().closeCode()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
    }
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.INVALID_PAYLOAD);
  }

  @Test
  void aClientThatAsksForClientNoContextTakeoverGetsItAndMayResetEveryMessage() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      Wire.Response response = upgradeOffering(raw, "/echo",
          "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover");
      String message = compressible(2_000, 13);

      for (int i = 0; i < 3; i++) {
        Deflater fresh = new Deflater(6, true);
        raw.write(Wire.frame(true, RSV1, Wire.TEXT, deflate(fresh, Wire.utf8(message + i)), Wire.randomMaskKey(),
            true));
        fresh.end();
        assertThat(echo.nextText()).isEqualTo(message + i);
      }
      assertThat(response.header("Sec-WebSocket-Extensions"))
          .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }
  }

  @Test
  void anOfferTheServerCannotTakeIsDeclinedForTheNextOne() throws Exception {
    try (RawClient raw = RawClient.connect(server.port())) {
      Wire.Response response = upgradeOffering(raw, "/echo",
          "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10, permessage-deflate");

      assertThat(response.header("Sec-WebSocket-Extensions")).isEqualTo(AGREEMENT);
    }
  }

  // ---------------------------------------------------------------- Netty, an independent implementation

  @Test
  void nettyNegotiatesPermessageDeflate() {
    NettyClient netty = NettyClient.connect(cleanup, uri(server, "/echo"), EIGHT_MIB);

    assertThat(netty.extensionsResponse()).isEqualTo(AGREEMENT);
  }

  @Test
  void nettyAndTheServerExchangeCompressedTextAndBinaryBothWays() {
    NettyClient netty = NettyClient.connect(cleanup, uri(server, "/echo"), EIGHT_MIB);
    String small = "hi ✓";
    String text = compressible(10_000, 1);
    byte[] noise = randomBytes(100_000, 2);

    netty.sendText(small);
    netty.sendText(text);
    netty.sendBinary(noise);

    assertThat(echo.nextText()).isEqualTo(small);
    assertThat(echo.nextText()).isEqualTo(text);
    assertThat(echo.nextBinary()).isEqualTo(noise);
    assertThat(netty.nextText()).isEqualTo(small);
    assertThat(netty.nextText()).isEqualTo(text);
    assertThat(netty.nextBinary()).isEqualTo(noise);
  }

  @Test
  void aLargeHighlyCompressibleMessageCrossesBetweenNettyAndTheServer() {
    NettyClient netty = NettyClient.connect(cleanup, uri(server, "/echo"), EIGHT_MIB);
    String text = compressible(4 << 20, 4);
    byte[] zeros = new byte[4 << 20];

    netty.sendText(text);
    netty.sendBinary(zeros);

    assertThat(echo.nextText()).as("text received by the server").isEqualTo(text);
    assertThat(echo.nextBinary()).as("zeros received by the server").isEqualTo(zeros);
    assertThat(netty.nextText()).as("text echoed to Netty").isEqualTo(text);
    assertThat(netty.nextBinary()).as("zeros echoed to Netty").isEqualTo(zeros);
  }

  @Test
  void fragmentedCompressedMessagesCrossBetweenNettyAndTheServer() {
    NettyClient fromNetty = NettyClient.connect(cleanup, uri(server, "/echo"), EIGHT_MIB);
    String a = compressible(700, 1);
    String b = compressible(10, 2);
    String c = compressible(5_000, 3);

    fromNetty.sendTextFragments(a, b, c);
    fromNetty.sendBinaryFragments(new byte[] {1, 2}, new byte[] {3}, randomBytes(3_000, 4));

    assertThat(echo.nextText()).isEqualTo(a + b + c);
    byte[] binary = echo.nextBinary();
    assertThat(binary).hasSize(3_003).startsWith(1, 2, 3);
    assertThat(fromNetty.nextText()).isEqualTo(a + b + c);
    assertThat(fromNetty.nextBinary()).isEqualTo(binary);

    NettyClient toNetty = NettyClient.connect(cleanup, uri(server, "/fragments"), EIGHT_MIB);
    toNetty.sendText("fragments, please");
    assertThat(toNetty.nextText()).isEqualTo(FRAGMENTED);
  }

  @Test
  void aStreamOfSimilarMessagesFromNettyIsInflatedWithItsSharedContext() {
    NettyClient netty = NettyClient.connect(cleanup, uri(server, "/echo"), EIGHT_MIB);
    String base = compressible(1_500, 6);

    for (int i = 0; i < 40; i++) {
      netty.sendText(base + i);
    }

    for (int i = 0; i < 40; i++) {
      assertThat(echo.nextText()).as("message #" + i + " at the server").isEqualTo(base + i);
      assertThat(netty.nextText()).as("message #" + i + " echoed to Netty").isEqualTo(base + i);
    }
  }

  /**
   * A server configured to keep its compression context across messages: Netty and the engine's client must
   * inflate each message with the window of the ones before, prepared messages included.
   */
  @Test
  void aServerThatKeepsItsContextIsUnderstoodByNettyAndTheEnginesClient() throws Exception {
    WsServer keeping = server(config(DeflateConfig.builder().serverNoContextTakeover(false).build()));
    NettyClient netty = NettyClient.connect(cleanup, uri(keeping, "/echo"), EIGHT_MIB);
    RecordingListener client = new RecordingListener();
    connect(deflateClient(), uri(keeping, "/echo"), client);
    echo.awaitSession();
    echo.awaitSession();
    String base = compressible(1_000, 14);

    assertThat(netty.extensionsResponse()).isEqualTo("permessage-deflate");
    for (int i = 0; i < 10; i++) {
      PreparedMessage prepared = PreparedMessage.text(base + "prepared " + i);
      for (WsSession session : keeping.sessions()) {
        await(session.sendText(base + i), "sendText #" + i);
        await(session.send(prepared), "send prepared #" + i);
      }
    }

    for (int i = 0; i < 10; i++) {
      assertThat(netty.nextText()).isEqualTo(base + i);
      assertThat(netty.nextText()).isEqualTo(base + "prepared " + i);
      assertThat(client.nextText()).isEqualTo(base + i);
      assertThat(client.nextText()).isEqualTo(base + "prepared " + i);
    }
  }

  // ---------------------------------------------------------------- peers without the extension

  @Test
  void theJdkClientWhichOffersNoExtensionWorksAgainstADeflateServer() {
    JdkClient client = JdkClient.connect(cleanup, uri(server, "/echo"));
    String text = compressible(100_000, 7);

    client.sendText(text);
    client.sendBinary(new byte[1_000]);

    assertThat(client.nextText()).isEqualTo(text);
    assertThat(client.nextBinary()).isEqualTo(new byte[1_000]);
    assertThat(echo.awaitSession().handshake().headers().contains("Sec-WebSocket-Extensions")).isFalse();
  }

  @Test
  void aServerWithDeflateDisabledIgnoresTheOfferAndSendsPlainFrames() throws Exception {
    WsServer declining = server(config(DeflateConfig.disabled()));
    String large = compressible(10_000, 8);
    try (RawClient raw = RawClient.connect(declining.port())) {
      Wire.Response response = upgradeOffering(raw, "/echo", OFFER);
      raw.sendText(large);
      Wire.Frame frame = raw.readFrame();

      assertThat(response.status()).isEqualTo(101);
      assertThat(response.header("Sec-WebSocket-Extensions")).isNull();
      assertThat(frame.rsv()).isZero();
      assertThat(frame.text()).isEqualTo(large);
    }
    RecordingListener client = new RecordingListener();
    WsSession offering = connect(deflateClient(), uri(declining, "/echo"), client);
    await(offering.sendText(large), "sendText from a client whose offer was declined");
    assertThat(client.nextText()).isEqualTo(large);
  }

  @Test
  void rsv1FromAClientWhoseOfferWasDeclinedIsAProtocolError() throws Exception {
    WsServer declining = server(config(DeflateConfig.disabled()));
    try (RawClient raw = RawClient.connect(declining.port())) {
      upgradeOffering(raw, "/echo", OFFER);

      raw.write(Wire.frame(true, RSV1, Wire.TEXT, deflate(new Deflater(6, true), Wire.utf8("hello")),
          Wire.randomMaskKey(), true));

      assertThat(raw.readFrame().closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
      assertThat(raw.isClosedByPeer()).isTrue();
    }
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
  }

  @Test
  void rsv1FromAClientThatDidNotOfferTheExtensionIsAProtocolError() throws Exception {
    try (RawClient raw = RawClient.connect(server.port()).upgrade("/echo")) {
      raw.write(Wire.frame(true, RSV1, Wire.TEXT, Wire.utf8("hello"), Wire.randomMaskKey(), true));

      assertThat(raw.readFrame().closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
      assertThat(raw.isClosedByPeer()).isTrue();
    }
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
    assertThat(echo.texts).isEmpty();
  }

  // ---------------------------------------------------------------- compression bomb

  @Test
  void aSmallFrameThatInflatesPastTheMessageLimitClosesWith1009AndTheServerStaysHealthy() throws Exception {
    WsServer limited = server(Loopback.withMaxMessageSize(WsConfig.defaults(), 64 * 1024));
    byte[] bomb = deflate(new Deflater(Deflater.BEST_COMPRESSION, true), new byte[16 << 20]);
    assertThat(bomb.length).as("compressed size of 16 MiB of zeros").isLessThan(64 * 1024);
    try (RawClient raw = RawClient.connect(limited.port())) {
      upgradeOffering(raw, "/echo", OFFER);

      raw.write(Wire.frame(true, RSV1, Wire.BINARY, bomb, Wire.randomMaskKey(), true));

      assertThat(raw.readFrame().closeCode()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG);
      assertThat(raw.isClosedByPeer()).isTrue();
    }
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG);
    assertThat(echo.binaries).isEmpty();
    assertStillServing(limited);
  }

  /** Three fragments inflate to 60 KiB, under the 64 KiB limit; the fourth, about 16 KiB, to 16 MiB more. */
  @Test
  void compressedFragmentsThatTogetherInflatePastTheMessageLimitCloseWith1009() throws Exception {
    WsServer limited = server(Loopback.withMaxMessageSize(WsConfig.defaults(), 64 * 1024));
    Deflater context = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (int i = 0; i < 3; i++) {
      frames.writeBytes(Wire.frame(false, i == 0 ? RSV1 : 0, i == 0 ? Wire.BINARY : Wire.CONTINUATION,
          flushed(context, new byte[20 * 1024]), Wire.randomMaskKey(), true));
    }
    frames.writeBytes(Wire.frame(true, 0, Wire.CONTINUATION, deflate(context, new byte[16 << 20]),
        Wire.randomMaskKey(), true));
    context.end();
    try (RawClient raw = RawClient.connect(limited.port())) {
      upgradeOffering(raw, "/echo", OFFER);

      raw.write(frames.toByteArray());

      assertThat(raw.readFrame().closeCode()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG);
      assertThat(raw.isClosedByPeer()).isTrue();
    }
    assertThat(echo.awaitClose().code()).isEqualTo(CloseStatus.MESSAGE_TOO_BIG);
    assertStillServing(limited);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Messages up to 8 MiB; the outbound limit well above what an echo of two 4 MiB messages queues, so that the
   * slow-consumer policy (which counts uncompressed payload) never interferes.
   */
  private static WsConfig config(DeflateConfig deflate) {
    return Loopback.withMaxMessageSize(WsConfig.defaults(), EIGHT_MIB).toBuilder()
        .outboundBufferLimit(4L * EIGHT_MIB)
        .deflate(deflate)
        .build();
  }

  private WsServer server(WsConfig config) throws IOException {
    return Loopback.server(cleanup, config,
        WsRoutes.builder().route("/echo", echo).route("/fragments", fragments).build());
  }

  private WsClient deflateClient() {
    return Loopback.client(cleanup, WsClient.builder().config(config(DeflateConfig.defaults())));
  }

  private static WsSession connect(WsClient client, URI uri, RecordingListener listener) {
    return await(client.connect(uri, listener), "connect to " + uri);
  }

  private static Wire.Response upgradeOffering(RawClient raw, String path, String offer) throws IOException {
    String key = Wire.newKey();
    raw.write(Wire.upgradeRequest(path, key, offer));
    Wire.Response response = raw.readResponse();
    assertThat(response.status()).isEqualTo(101);
    assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(Wire.acceptKey(key));
    return response;
  }

  private void assertStillServing(WsServer limited) throws IOException {
    try (RawClient next = RawClient.connect(limited.port())) {
      upgradeOffering(next, "/echo", OFFER);
      next.sendText("still serving");
      assertThat(next.readFrame().text()).isEqualTo("still serving");
    }
  }

  /** Compresses one message as RFC 7692 section 7.2.1 says: a sync flush, then the trailing 4 bytes removed. */
  private static byte[] deflate(Deflater deflater, byte[] message) {
    byte[] compressed = flushed(deflater, message);
    return Arrays.copyOf(compressed, compressed.length - 4);
  }

  /** Compresses the fragment of a message that is not its last: a sync flush, trailer kept. */
  private static byte[] flushed(Deflater deflater, byte[] fragment) {
    deflater.setInput(fragment);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    int n;
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
    } while (n == chunk.length);
    byte[] compressed = out.toByteArray();
    assertThat(Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length)).isEqualTo(TAIL);
    return compressed;
  }

  /** Decompresses one message: the removed trailer appended back (RFC 7692 section 7.2.2). */
  private static byte[] inflate(Inflater inflater, byte[] payload) throws DataFormatException {
    inflater.setInput(ByteBuffer.allocate(payload.length + 4).put(payload).put(TAIL).flip());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    for (int guard = 0; guard < 10_000 && !inflater.needsInput() && !inflater.finished(); guard++) {
      int n = inflater.inflate(chunk);
      out.write(chunk, 0, n);
    }
    inflater.end();
    return out.toByteArray();
  }

  /** {@code size} bytes of UTF-8 text that compresses well, as chat and JSON do: words from a small vocabulary. */
  private static String compressible(int size, long seed) {
    String[] words = {"duplex ", "socket ", "frame ", "message ", "deflate ", "{\"id\":", "42,", "\"ok\"} ", "✓ "};
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(size);
    int bytes = 0;
    while (true) {
      String word = words[random.nextInt(words.length)];
      int length = Wire.utf8(word).length;
      if (bytes + length > size) {
        break;
      }
      text.append(word);
      bytes += length;
    }
    return text.append(".".repeat(size - bytes)).toString();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * A TCP relay on the loopback interface that counts the bytes going each way: how the tests see that the
   * engine's own client and server compress what they write.
   */
  static final class Relay implements AutoCloseable {

    final AtomicLong upstream = new AtomicLong();
    final AtomicLong downstream = new AtomicLong();
    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();

    private Relay(ServerSocket listener) {
      this.listener = listener;
    }

    static Relay to(int targetPort) throws IOException {
      ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Relay relay = new Relay(listener);
      Thread acceptor = new Thread(() -> relay.acceptOne(targetPort), "relay-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return relay;
    }

    int port() {
      return listener.getLocalPort();
    }

    private void acceptOne(int targetPort) {
      try {
        Socket client = listener.accept();
        Socket target = new Socket();
        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(target);
        }
        pump(client, target, upstream, "relay-up");
        pump(target, client, downstream, "relay-down");
      } catch (IOException e) {
        // closed by the test
      }
    }

    private static void pump(Socket from, Socket to, AtomicLong counter, String name) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            counter.addAndGet(n);
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException e) {
          // one side closed
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      synchronized (sockets) {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }
}
