package dev.duplex.engine.transport;

import dev.duplex.engine.handshake.HttpHeaders;
import java.util.List;

/**
 * What a client adds to its opening handshake.
 *
 * @param subprotocols subprotocols to offer, most preferred first
 * @param headers extra request headers, such as {@code Authorization} or {@code Origin}
 */
public record ConnectOptions(List<String> subprotocols, HttpHeaders headers) {

  private static final ConnectOptions DEFAULTS = new ConnectOptions(List.of(), new HttpHeaders());

  public ConnectOptions {
    subprotocols = List.copyOf(subprotocols);
  }

  public static ConnectOptions defaults() {
    return DEFAULTS;
  }

  public ConnectOptions withSubprotocols(String... offered) {
    return new ConnectOptions(List.of(offered), headers);
  }

  /** A copy with one more request header. */
  public ConnectOptions withHeader(String name, String value) {
    HttpHeaders copy = new HttpHeaders();
    headers.forEach(copy::add);
    copy.add(name, value);
    return new ConnectOptions(subprotocols, copy);
  }
}
