package dev.duplex.bench;

import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import java.nio.ByteBuffer;

/** Sends every message back unchanged, text as text and binary as binary, through Spring dispatch. */
@WsEndpoint("/echo")
class EchoEndpoint {

  @WsHandler
  String text(String message) {
    return message;
  }

  @WsHandler
  ByteBuffer binary(ByteBuffer message) {
    return message;
  }
}
