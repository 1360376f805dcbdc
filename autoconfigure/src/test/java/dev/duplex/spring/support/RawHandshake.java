package dev.duplex.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An opening handshake on a plain socket with any headers, for refusal tests: it reads the status line, the header
 * fields and the body, then whether the server closed the connection, so a test sees that no upgrade happened.
 */
public final class RawHandshake {

  private final int port;
  private final String target;
  private final List<String[]> headers = new ArrayList<>();

  private RawHandshake(int port, String target) {
    this.port = port;
    this.target = target;
  }

  public static RawHandshake to(int port, String target) {
    return new RawHandshake(port, target);
  }

  public RawHandshake header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /**
   * What the server answered.
   *
   * @param headers by lower-case name
   * @param closed whether the server closed the connection after a refusal
   */
  public record Response(int status, Map<String, List<String>> headers, String body, boolean closed) {

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    /**
     * Asserts a refusal before the upgrade: the status, the {@code WWW-Authenticate} challenge ({@code null} for
     * none), no upgrade, and a connection the server closed.
     */
    public Response assertRefused(int expectedStatus, String challenge) {
      assertThat(status).as("status").isEqualTo(expectedStatus);
      assertThat(upgraded()).as("upgraded").isFalse();
      assertThat(header("WWW-Authenticate")).as("WWW-Authenticate").isEqualTo(challenge);
      assertThat(closed).as("connection closed by the server after the refusal").isTrue();
      return this;
    }

    /** Whether the connection was upgraded; a refusal never is. */
    public boolean upgraded() {
      return status == 101 || headers.containsKey("upgrade") || headers.containsKey("sec-websocket-accept");
    }
  }

  public Response send() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder()
          .append("GET ").append(target).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Upgrade: websocket\r\n")
          .append("Connection: Upgrade\r\n")
          .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
          .append("Sec-WebSocket-Version: 13\r\n");
      for (String[] header : headers) {
        request.append(header[0]).append(": ").append(header[1]).append("\r\n");
      }
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String[] lines = readHead(in).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, List<String>> fields = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        fields.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
      if (status == 101) {
        return new Response(status, fields, "", false);
      }
      List<String> length = fields.get("content-length");
      byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length.get(0)));
      boolean closed;
      try {
        closed = in.read() < 0;
      } catch (SocketTimeoutException e) {
        closed = false;
      }
      return new Response(status, fields, new String(body, StandardCharsets.UTF_8), closed);
    }
  }

  /** Reads an HTTP response head up to the blank line, and returns it without that line. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the response head ended: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }
}
