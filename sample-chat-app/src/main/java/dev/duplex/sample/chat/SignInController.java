package dev.duplex.sample.chat;

import dev.duplex.spring.server.DuplexServer;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Signs people in with a token for the socket, and tells the page where the socket listens. */
@RestController
class SignInController {

  private final SignIn signIn;
  private final TokenIssuer tokens;
  private final DuplexServer server;

  SignInController(SignIn signIn, TokenIssuer tokens, DuplexServer server) {
    this.signIn = signIn;
    this.tokens = tokens;
    this.server = server;
  }

  @PostMapping("/api/sign-in")
  SignedIn signIn(@RequestBody Credentials credentials) {
    SignIn.Identity identity = signIn.authenticate(credentials.name(), credentials.password());
    TokenIssuer.Issued issued = tokens.issue(identity);
    return new SignedIn(identity.name(), identity.guest(), issued.token(), issued.expiresAt(), socket());
  }

  @GetMapping("/api/socket")
  Socket socket() {
    return new Socket(server.port(), ChatEndpoint.PATH);
  }

  @ExceptionHandler(SignIn.Refused.class)
  ResponseEntity<Map<String, String>> refused(SignIn.Refused refused) {
    HttpStatus status = refused.code().equals("bad_name") ? HttpStatus.BAD_REQUEST : HttpStatus.UNAUTHORIZED;
    return ResponseEntity.status(status).body(Map.of("code", refused.code(), "message", refused.getMessage()));
  }

  record Credentials(String name, String password) {
  }

  record Socket(int port, String path) {
  }

  record SignedIn(String user, boolean guest, String token, Instant expiresAt, Socket socket) {
  }
}
