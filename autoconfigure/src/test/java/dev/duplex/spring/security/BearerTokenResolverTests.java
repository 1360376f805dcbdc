package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HttpHeaders;
import org.junit.jupiter.api.Test;

class BearerTokenResolverTests {

  private final BearerTokenResolver all = new BearerTokenResolver(true, true, true, "jwt");

  @Test
  void eachSourceIsFound() {
    assertThat(all.resolve(request("/", "Authorization", "Bearer h.h.h")))
        .isEqualTo(new BearerTokenResolver.Found("h.h.h", TokenSource.HEADER));
    assertThat(all.resolve(request("/", "Sec-WebSocket-Protocol", "chat.v1, access_token.s.s.s")))
        .isEqualTo(new BearerTokenResolver.Found("s.s.s", TokenSource.SUBPROTOCOL));
    assertThat(all.resolve(request("/?room=1&access_token=q.q.q")))
        .isEqualTo(new BearerTokenResolver.Found("q.q.q", TokenSource.QUERY));
    assertThat(all.resolve(request("/", "Cookie", "a=1; jwt=\"c.c.c\"; b=2")))
        .isEqualTo(new BearerTokenResolver.Found("c.c.c", TokenSource.COOKIE));
  }

  @Test
  void theHeaderComesFirstThenTheSubprotocolThenTheQueryThenTheCookie() {
    HandshakeRequest request = request("/?access_token=q", "Authorization", "Bearer h", "Sec-WebSocket-Protocol",
        "access_token.s", "Cookie", "jwt=c");
    assertThat(all.resolve(request).source()).isEqualTo(TokenSource.HEADER);
    assertThat(new BearerTokenResolver(false, true, true, "jwt").resolve(request).source())
        .isEqualTo(TokenSource.SUBPROTOCOL);
    assertThat(new BearerTokenResolver(false, false, true, "jwt").resolve(request).source())
        .isEqualTo(TokenSource.QUERY);
    assertThat(new BearerTokenResolver(false, false, false, "jwt").resolve(request).source())
        .isEqualTo(TokenSource.COOKIE);
    assertThat(new BearerTokenResolver(false, false, false, null).resolve(request)).isNull();
  }

  @Test
  void otherSchemesEmptyValuesAndLookalikesAreNotTokens() {
    assertThat(all.resolve(request("/", "Authorization", "Basic YWxpY2U6cGFzcw=="))).isNull();
    assertThat(all.resolve(request("/", "Authorization", "Bearer "))).isNull();
    assertThat(all.resolve(request("/", "Authorization", "Bearerx.y.z"))).isNull();
    assertThat(all.resolve(request("/?access_token="))).isNull();
    assertThat(all.resolve(request("/", "Sec-WebSocket-Protocol", "access_token."))).isNull();
    assertThat(all.resolve(request("/", "Cookie", "xjwt=1; jwtx=2"))).isNull();
  }

  private static HandshakeRequest request(String target, String... headers) {
    HttpHeaders fields = new HttpHeaders().add("Host", "localhost");
    for (int i = 0; i < headers.length; i += 2) {
      fields.add(headers[i], headers[i + 1]);
    }
    return new HandshakeRequest("GET", target, fields);
  }
}
