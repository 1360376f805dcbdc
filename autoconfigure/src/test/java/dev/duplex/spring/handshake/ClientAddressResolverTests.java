package dev.duplex.spring.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.ConnectionInfo;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressResolverTests {

  private final ClientAddressResolver behindProxies =
      new ClientAddressResolver(TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8")));

  @ParameterizedTest(name = "X-Forwarded-For: {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      203.0.113.5                          | 203.0.113.5
      203.0.113.5, 10.0.0.7                | 203.0.113.5
      198.51.100.1, 203.0.113.5, 10.0.0.7  | 203.0.113.5
      10.0.0.9, 10.0.0.8                   | 10.0.0.9
      unknown, 10.0.0.8                    | 10.0.0.8
      garbage                              | 10.0.0.1
      2001:db8::5                          | 2001:db8:0:0:0:0:0:5
      """)
  void theClientIsTheFirstUntrustedHopFromTheNearest(String forwardedFor, String client) {
    assertThat(resolve(behindProxies, "10.0.0.1", "X-Forwarded-For", forwardedFor)).isEqualTo(client);
  }

  @ParameterizedTest(name = "Forwarded: {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      for=203.0.113.5                                   | 203.0.113.5
      for=203.0.113.5;proto=https;by=10.0.0.1           | 203.0.113.5
      for="203.0.113.5:4711"                            | 203.0.113.5
      for="[2001:db8:cafe::17]:4711"                    | 2001:db8:cafe:0:0:0:0:17
      For=198.51.100.1, for=203.0.113.5, for=10.0.0.3   | 203.0.113.5
      for=_hidden, for=10.0.0.3                         | 10.0.0.3
      proto=https                                       | 10.0.0.1
      """)
  void forwardedIsParsedPerRfc7239(String forwarded, String client) {
    assertThat(resolve(behindProxies, "10.0.0.1", "Forwarded", forwarded)).isEqualTo(client);
  }

  @Test
  void forwardedWinsOverXForwardedFor() {
    HttpHeaders headers = new HttpHeaders().add("Forwarded", "for=203.0.113.5").add("X-Forwarded-For", "198.51.100.1");
    assertThat(resolve(behindProxies, "10.0.0.1", headers)).isEqualTo("203.0.113.5");
  }

  @Test
  void headersOfAnUntrustedPeerAreIgnored() {
    assertThat(resolve(behindProxies, "203.0.113.9", "X-Forwarded-For", "198.51.100.1")).isEqualTo("203.0.113.9");
    assertThat(resolve(ClientAddressResolver.DIRECT, "10.0.0.1", "X-Forwarded-For", "198.51.100.1"))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void severalHeaderLinesAreOneList() {
    HttpHeaders headers = new HttpHeaders().add("X-Forwarded-For", "198.51.100.1").add("X-Forwarded-For", "10.0.0.4");
    assertThat(resolve(behindProxies, "10.0.0.1", headers)).isEqualTo("198.51.100.1");
  }

  @Test
  void aTrustedPeerWithoutHeadersIsTheClient() {
    assertThat(resolve(behindProxies, "10.0.0.1", new HttpHeaders())).isEqualTo("10.0.0.1");
  }

  private static String resolve(ClientAddressResolver resolver, String peer, String header, String value) {
    return resolve(resolver, peer, new HttpHeaders().add(header, value));
  }

  private static String resolve(ClientAddressResolver resolver, String peer, HttpHeaders headers) {
    HandshakeRequest request = new HandshakeRequest("GET", "/chat", headers);
    ConnectionInfo connection = new ConnectionInfo(new InetSocketAddress(peer, 40000),
        new InetSocketAddress("10.0.0.2", 8081), false);
    return resolver.resolve(request, connection).getHostAddress();
  }
}
