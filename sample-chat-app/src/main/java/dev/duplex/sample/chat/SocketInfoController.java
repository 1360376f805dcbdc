package dev.duplex.sample.chat;

import dev.duplex.spring.server.DuplexServer;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells the page where the chat socket listens. */
@RestController
class SocketInfoController {

  private final DuplexServer server;

  SocketInfoController(DuplexServer server) {
    this.server = server;
  }

  @GetMapping("/api/socket")
  Map<String, Object> socket() {
    return Map.of("port", server.port(), "path", "/chat");
  }
}
