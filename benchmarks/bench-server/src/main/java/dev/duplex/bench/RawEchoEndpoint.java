package dev.duplex.bench;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.annotation.WsEndpoint;
import java.nio.ByteBuffer;

/**
 * The echo on the engine's listener API: frames are answered on the I/O thread that read them, with no envelope,
 * executor or argument resolution in between. The text bytes go back as they came, without decoding; a binary
 * message, which the engine hands over to the listener, goes back as that buffer without a copy.
 */
@WsEndpoint("/raw/echo")
class RawEchoEndpoint implements WsListener {

  @Override
  public void onTextBytes(WsSession session, ByteBuffer utf8) {
    session.sendText(utf8);
  }

  @Override
  public void onBinary(WsSession session, ByteBuffer data) {
    session.sendOwnedBinary(data);
  }
}
