package dev.duplex.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsConfig;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The opening handshake as bytes on a plain socket: every refusal is an HTTP response, then the socket closes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeOverSocketTest {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private final Cleanup cleanup = new Cleanup();
  private final RecordingListener echo = RecordingListener.echoing();
  private WsServer server;

  @BeforeEach
  void startServer() throws Exception {
    WsConfig config = WsConfig.builder().handshakeTimeout(Duration.ofMillis(300)).build();
    server = Loopback.server(cleanup, config, Loopback.route("/echo", echo));
  }

  @AfterEach
  void closeEverything() throws Exception {
    cleanup.close();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("a request without Upgrade", 426, "Sec-WebSocket-Version", "13",
            "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n"),
        refusal("a plain HTTP GET", 426, "Sec-WebSocket-Version", "13",
            "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n"),
        refusal("protocol version 8", 426, "Sec-WebSocket-Version", "13",
            Wire.upgradeRequest("/echo", KEY).replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")),
        refusal("a key that is not the base64 of 16 bytes", 400, "Connection", "close",
            Wire.upgradeRequest("/echo", "c2hvcnQ=")),
        refusal("a POST", 405, "Allow", "GET",
            Wire.upgradeRequest("/echo", KEY).replace("GET /echo", "POST /echo")),
        refusal("HTTP/1.0", 400, "Connection", "close",
            Wire.upgradeRequest("/echo", KEY).replace("HTTP/1.1", "HTTP/1.0")),
        refusal("a head over 8 KiB", 431, "Connection", "close",
            Wire.upgradeRequest("/echo", KEY, "X-Padding: " + "p".repeat(9000))),
        refusal("an unknown path", 404, "Connection", "close",
            Wire.upgradeRequest("/nowhere", KEY)));
  }

  private static Arguments refusal(String what, int status, String header, String value, String request) {
    return Arguments.of(what, status, header, value, request);
  }

  @ParameterizedTest(name = "{0} is refused with {1} and {2}: {3}, then the socket is closed")
  @MethodSource("refusals")
  void aRefusalIsAnHttpResponseFollowedByTheEndOfTheConnection(String what, int status, String header,
      String value, String request) throws Exception {
    RawClient raw = cleanup.add(RawClient.connect(server.port()));

    raw.write(request);

    Wire.Response response = raw.readResponse();
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header(header)).isEqualTo(value);
    assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
    assertThat(response.bodyText()).isNotBlank();
    assertThat(raw.isClosedByPeer()).as("socket closed after the response").isTrue();
    assertThat(server.stats().handshakesRefused()).containsEntry(status, 1L);
    assertThat(echo.opened).isEmpty();
  }

  @Test
  void aHandshakeThatDoesNotCompleteInTimeIsAnsweredWithRequestTimeoutThenClosed() throws Exception {
    RawClient raw = cleanup.add(RawClient.connect(server.port()));
    long start = System.nanoTime();

    raw.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n");

    Wire.Response response = raw.readResponse();
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(response.status()).isEqualTo(408);
    assertThat(elapsedMillis).as("time until the 408, in ms").isGreaterThanOrEqualTo(250);
    assertThat(raw.isClosedByPeer()).as("socket closed after the response").isTrue();
  }

  @Test
  void aRequestHeadThatArrivesOneByteAtATimeIsReassembled() throws Exception {
    RawClient raw = cleanup.add(RawClient.connect(server.port(),
        channel -> channel.setOption(StandardSocketOptions.TCP_NODELAY, true)));

    for (byte b : Wire.upgradeRequest("/echo", KEY).getBytes(StandardCharsets.ISO_8859_1)) {
      raw.write(new byte[] {b});
    }

    assertThat(raw.readResponse().status()).isEqualTo(101);
    raw.sendText("whole");
    assertThat(raw.readFrame().text()).isEqualTo("whole");
  }

  @Test
  void aFrameWrittenTogetherWithTheRequestHeadIsNotLost() throws Exception {
    RawClient raw = cleanup.add(RawClient.connect(server.port()));
    byte[] head = Wire.upgradeRequest("/echo", KEY).getBytes(StandardCharsets.ISO_8859_1);
    byte[] frame = Wire.maskedText("right behind the head");
    byte[] both = new byte[head.length + frame.length];
    System.arraycopy(head, 0, both, 0, head.length);
    System.arraycopy(frame, 0, both, head.length, frame.length);

    raw.write(both);

    Wire.Response response = raw.readResponse();
    assertThat(response.status()).isEqualTo(101);
    assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    Wire.Frame echoed = raw.readFrame();
    assertThat(echoed.opcode()).isEqualTo(Wire.TEXT);
    assertThat(echoed.text()).isEqualTo("right behind the head");
  }
}
