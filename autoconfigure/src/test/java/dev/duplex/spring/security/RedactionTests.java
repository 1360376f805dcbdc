package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tokens in the request target or in Sec-WebSocket-Protocol never show in what is logged. */
class RedactionTests {

  @ParameterizedTest(name = "{0} is shown as {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /chat                                     | /chat
      /chat?room=1                              | /chat?room=1
      /chat?access_token=a.b.c                  | /chat?access_token=***
      /chat?room=1&access_token=a.b.c&x=2       | /chat?room=1&access_token=***&x=2
      /chat?access%5Ftoken=a.b.c                | /chat?access%5Ftoken=***
      /chat?access_token=a&access_token=b       | /chat?access_token=***&access_token=***
      /chat?access_token                        | /chat?access_token=***
      /chat?my_access_token=a.b.c               | /chat?my_access_token=a.b.c
      """)
  void theAccessTokenQueryParameterIsRedacted(String target, String shown) {
    HandshakeRequest request = new HandshakeRequest("GET", target, new HttpHeaders().add("Host", "h"));
    assertThat(request.redactedTarget()).isEqualTo(shown);
    assertThat(request.toString()).startsWith("GET " + shown + " HTTP/1.1");
  }

  @Test
  void credentialHeadersAreMaskedInToString() {
    HandshakeRequest request = new HandshakeRequest("GET", "/chat?access_token=q.q.q", new HttpHeaders()
        .add("Host", "h")
        .add("Authorization", "Bearer a.a.a")
        .add("Cookie", "jwt=c.c.c")
        .add("Sec-WebSocket-Protocol", "chat.v1, access_token.s.s.s"));

    assertThat(request.toString()).doesNotContain("q.q.q", "a.a.a", "c.c.c", "s.s.s");
    assertThat(request.target()).as("the raw target stays available to code that needs it")
        .isEqualTo("/chat?access_token=q.q.q");
  }
}
