package dev.duplex.engine.handshake;

import java.util.ArrayList;
import java.util.List;

/** The opening handshake of RFC 6455 section 1.3, valid, ready to break one rule at a time. */
final class RequestBuilder {

  static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  private String method = "GET";
  private final List<String[]> fields = new ArrayList<>();

  private RequestBuilder() {
  }

  static RequestBuilder valid() {
    return new RequestBuilder()
        .with("Host", "server.example.com")
        .with("Upgrade", "websocket")
        .with("Connection", "Upgrade")
        .with("Sec-WebSocket-Key", RFC_KEY)
        .with("Origin", "http://example.com")
        .with("Sec-WebSocket-Protocol", "chat, superchat")
        .with("Sec-WebSocket-Version", "13");
  }

  RequestBuilder method(String method) {
    this.method = method;
    return this;
  }

  /** Adds a field after the others, even if one of the same name is there. */
  RequestBuilder with(String name, String value) {
    fields.add(new String[] {name, value});
    return this;
  }

  RequestBuilder without(String name) {
    fields.removeIf(field -> field[0].equalsIgnoreCase(name));
    return this;
  }

  RequestBuilder replacing(String name, String value) {
    return without(name).with(name, value);
  }

  HandshakeRequest build() {
    HttpHeaders headers = new HttpHeaders();
    fields.forEach(field -> headers.add(field[0], field[1]));
    return new HandshakeRequest(method, "/chat", headers);
  }
}
