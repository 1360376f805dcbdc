package dev.duplex.engine.protocol;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.PreparedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.function.IntSupplier;

/**
 * One WebSocket connection after its opening handshake, as a pure state machine over bytes (RFC 6455 sections 5
 * to 7). It never touches a socket, a thread or a clock: bytes go in through {@link #receive(ByteBuffer)},
 * events come out of {@link #nextEvent()}; commands such as {@link #text(String)} return the bytes to write.
 *
 * <p>Every state transition lives here, and these are the rules:
 * <ol>
 *   <li>The state is {@link State#OPEN} until a close frame is sent or received, or the connection fails.</li>
 *   <li>A close frame received while {@code OPEN} is answered with a close frame echoing its code (or an empty
 *       one for an empty close), found through {@link #pollOutput()}; the state becomes {@link State#CLOSED}.</li>
 *   <li>{@link #close(CloseStatus)} while {@code OPEN} moves to {@link State#CLOSE_SENT}; the peer's close frame
 *       then completes the handshake and moves to {@code CLOSED}. Data frames that arrive meanwhile are still
 *       reported.</li>
 *   <li>A peer that breaks a rule fails the connection: a close frame with the code for that rule (1002, 1007 or
 *       1009) is queued if none was sent yet, and the state becomes {@code CLOSED}.</li>
 *   <li>The end of the stream in any state but {@code CLOSED} reports 1006 and moves to {@code CLOSED}.</li>
 *   <li>Every connection reports exactly one {@link WsEvent.Close}, as its last event. Input after it is
 *       ignored; once {@code CLOSED}, the transport closes the socket when the queued bytes are written.</li>
 *   <li>A ping received while {@code OPEN} queues a pong with the same payload. Unsolicited pongs are reported
 *       and need no answer.</li>
 *   <li>After a close frame has been sent, no other frame may be sent: commands throw
 *       {@link IllegalStateException}, as they do for any other misuse of this API.</li>
 * </ol>
 *
 * <p>Not thread-safe: a connection is driven by one thread at a time.
 */
public final class WsProtocol {

  /** Where the connection stands in the close handshake (RFC 6455 section 7). */
  public enum State {
    OPEN,
    CLOSE_SENT,
    CLOSED
  }

  private static final SecureRandom MASK_KEYS = new SecureRandom();
  private static final int MAX_CONTROL_PAYLOAD = 125;

  private final Role role;
  private final IntSupplier maskKeys;
  private final FrameDecoder decoder;
  private final MessageAssembler assembler;
  private final PerMessageDeflate deflate;
  private final int compressionLevel;
  private final byte[] control = new byte[MAX_CONTROL_PAYLOAD];
  private final ArrayDeque<WsEvent> events = new ArrayDeque<>(4);
  private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>(2);

  private FrameBuffers frameBuffers = FrameBuffers.HEAP;
  private State state = State.OPEN;
  private boolean inPayload;
  private int controlLength;
  private int outboundMessage = -1;
  private boolean outboundCompressed;

  private WsProtocol(Role role, ProtocolLimits limits, IntSupplier maskKeys, DeflateParameters agreed,
      DeflateConfig deflateConfig) {
    this.role = role;
    this.maskKeys = maskKeys;
    // A compressed frame may be a little larger than the payload it carries; the limit is on what it inflates to.
    this.decoder = new FrameDecoder(role, agreed == null ? limits.maxFrameSize() : deflateBound(limits.maxFrameSize()));
    this.assembler = new MessageAssembler(limits.maxMessageSize());
    this.deflate = agreed == null
        ? null
        : new PerMessageDeflate(agreed, role, deflateConfig.compressionLevel(), deflateConfig.threshold());
    this.compressionLevel = deflateConfig.compressionLevel();
  }

  public static WsProtocol server(ProtocolLimits limits) {
    return server(limits, null, DeflateConfig.disabled());
  }

  /**
   * A server connection with permessage-deflate, as negotiated in the handshake.
   *
   * @param agreed the negotiated parameters, or {@code null} when the extension is not in use
   * @param config compression level and threshold for outbound messages
   */
  public static WsProtocol server(ProtocolLimits limits, DeflateParameters agreed, DeflateConfig config) {
    return new WsProtocol(Role.SERVER, limits, null, agreed, config);
  }

  /** A client whose mask keys come from a {@link SecureRandom}, so that they cannot be predicted. */
  public static WsProtocol client(ProtocolLimits limits) {
    return client(limits, MASK_KEYS::nextInt);
  }

  /** A client with the given source of mask keys: for tests that need repeatable bytes. */
  public static WsProtocol client(ProtocolLimits limits, IntSupplier maskKeys) {
    return client(limits, maskKeys, null, DeflateConfig.disabled());
  }

  /**
   * A client connection with permessage-deflate and unpredictable mask keys.
   *
   * @param agreed the parameters of the server's response, or {@code null} when the extension is not in use
   */
  public static WsProtocol client(ProtocolLimits limits, DeflateParameters agreed, DeflateConfig config) {
    return client(limits, MASK_KEYS::nextInt, agreed, config);
  }

  /**
   * A client connection with permessage-deflate, as the server accepted it.
   *
   * @param agreed the parameters of the server's response, or {@code null} when the extension is not in use
   */
  public static WsProtocol client(ProtocolLimits limits, IntSupplier maskKeys, DeflateParameters agreed,
      DeflateConfig config) {
    return new WsProtocol(Role.CLIENT, limits, maskKeys, agreed, config);
  }

  /** zlib's deflateBound: the most that deflating {@code size} bytes can produce. */
  private static int deflateBound(int size) {
    long bound = (long) size + (size >> 12) + (size >> 14) + (size >> 25) + 13;
    return (int) Math.min(Integer.MAX_VALUE, bound);
  }

  /**
   * Where the frames of a server connection are encoded from now on (masked client frames always get an array of
   * their own); {@link FrameBuffers#HEAP} until this is called.
   */
  public void useFrameBuffers(FrameBuffers buffers) {
    frameBuffers = buffers;
  }

  /** Whether permessage-deflate is in use on this connection. */
  public boolean compresses() {
    return deflate != null;
  }

  public Role role() {
    return role;
  }

  public State state() {
    return state;
  }

  /**
   * Bytes in. Consumes everything {@code in} holds: complete frames become events, and a frame cut short is kept
   * (its header in a few bytes, its payload in the message being assembled) until the rest arrives.
   */
  public void receive(ByteBuffer in) {
    if (state == State.CLOSED) {
      in.position(in.limit());
      return;
    }
    try {
      while (true) {
        if (!inPayload) {
          if (!decoder.readHeader(in)) {
            return;
          }
          beginFrame();
          inPayload = true;
        }
        if (!decoder.payloadComplete()) {
          if (!in.hasRemaining()) {
            return;
          }
          readPayload(in);
          if (!decoder.payloadComplete()) {
            return;
          }
        }
        inPayload = false;
        endFrame();
        decoder.nextFrame();
        if (state == State.CLOSED) {
          in.position(in.limit());
          return;
        }
      }
    } catch (PeerViolation violation) {
      fail(violation.status());
      in.position(in.limit());
    }
  }

  /** End of stream in: the peer closed its side of the transport. */
  public void receiveEof() {
    abort(CloseStatus.ABNORMAL);
  }

  /**
   * Ends the connection without a close handshake, reporting {@code status}: for a transport that gave up on the
   * peer, after a heartbeat or close-handshake timeout. Does nothing once {@link State#CLOSED}.
   */
  public void abort(CloseStatus status) {
    if (state != State.CLOSED) {
      closed();
      events.add(new WsEvent.Close(status, false));
    }
  }

  private void closed() {
    state = State.CLOSED;
    assembler.discard();
    if (deflate != null) {
      deflate.release();
    }
  }

  /** Events out, oldest first; {@code null} when the bytes received so far hold no further event. */
  public WsEvent nextEvent() {
    return events.poll();
  }

  /**
   * Bytes the protocol itself must send, oldest first: pongs that answer pings, and the close frame that answers
   * a close or reports a violation. {@code null} when there is nothing to send.
   */
  public ByteBuffer pollOutput() {
    return output.poll();
  }

  /** Whether data and control frames may still be sent: no close frame has been sent or received. */
  public boolean isOpen() {
    return state == State.OPEN;
  }

  private void beginFrame() throws PeerViolation {
    int opcode = decoder.opcode();
    int rsv = decoder.rsv();
    // 5.2: "If a nonzero value is received and none of the negotiated extensions defines the meaning of such a
    // nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_."
    if ((rsv & 0x3) != 0 || (rsv != 0 && deflate == null)) {
      throw PeerViolation.protocolError("reserved bits set without a negotiated extension");
    }
    boolean rsv1 = rsv != 0;
    if (Opcode.isControl(opcode)) {
      // RFC 7692 section 6: permessage-deflate sets RSV1 on the first frame of a data message only.
      if (rsv1) {
        throw PeerViolation.protocolError("RSV1 set on a control frame");
      }
      controlLength = 0;
      return;
    }
    if (opcode == Opcode.CONTINUATION) {
      if (!assembler.inProgress()) {
        throw PeerViolation.protocolError("continuation frame without a message to continue");
      }
      if (rsv1) {
        throw PeerViolation.protocolError("RSV1 set on a continuation frame");
      }
    } else {
      if (assembler.inProgress()) {
        throw PeerViolation.protocolError("new data frame inside a fragmented message");
      }
      assembler.begin(opcode, rsv1);
    }
    assembler.admitFrame(decoder.payloadLength());
  }

  private void readPayload(ByteBuffer in) throws PeerViolation {
    if (Opcode.isControl(decoder.opcode())) {
      controlLength += decoder.readPayload(in, control, controlLength, MAX_CONTROL_PAYLOAD - controlLength);
    } else if (assembler.isCompressed()) {
      assembler.appendCompressed(decoder, in, deflate);
    } else {
      assembler.append(decoder, in);
    }
  }

  private void endFrame() throws PeerViolation {
    switch (decoder.opcode()) {
      case Opcode.PING -> {
        ByteBuffer payload = controlPayload();
        if (state == State.OPEN) {
          output.add(encode(Opcode.PONG, true, payload));
        }
        events.add(new WsEvent.Ping(payload));
      }
      case Opcode.PONG -> events.add(new WsEvent.Pong(controlPayload()));
      case Opcode.CLOSE -> closeReceived(ClosePayload.parse(control, controlLength));
      default -> {
        if (decoder.fin()) {
          boolean text = assembler.isText();
          if (assembler.isCompressed()) {
            deflate.finishMessage(assembler);
          }
          ByteBuffer payload = assembler.finish();
          events.add(text ? new WsEvent.Text(payload) : new WsEvent.Binary(payload));
        }
      }
    }
  }

  private ByteBuffer controlPayload() {
    byte[] copy = new byte[controlLength];
    System.arraycopy(control, 0, copy, 0, controlLength);
    return ByteBuffer.wrap(copy);
  }

  private void closeReceived(CloseStatus status) {
    if (state == State.OPEN) {
      // 5.5.1: the endpoint "typically echos the status code it received"
      CloseStatus echo = status.code() == CloseStatus.NO_STATUS_RECEIVED ? status : CloseStatus.of(status.code());
      output.add(encode(Opcode.CLOSE, true, ClosePayload.encode(echo)));
    }
    closed();
    events.add(new WsEvent.Close(status, true));
  }

  private void fail(CloseStatus status) {
    if (state == State.OPEN) {
      output.add(encode(Opcode.CLOSE, true, ClosePayload.encode(status)));
    }
    closed();
    events.add(new WsEvent.Close(status, false));
  }

  /** Encodes a complete text message. */
  public ByteBuffer text(String text) {
    return message(Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Encodes a complete text message from bytes the caller guarantees to be valid UTF-8, such as a received text
   * message sent back unchanged.
   */
  public ByteBuffer text(ByteBuffer utf8) {
    return message(Opcode.TEXT, utf8);
  }

  /** Encodes a complete binary message; {@code data} is not consumed. */
  public ByteBuffer binary(ByteBuffer data) {
    return message(Opcode.BINARY, data);
  }

  /**
   * Encodes only the header of a whole text or binary message whose payload the caller writes right after it, as it
   * is: a large payload then need not be copied into a frame. The caller must keep the payload unchanged until it is
   * written, and a text payload must be valid UTF-8.
   *
   * @return the header, or {@code null} when the payload must be transformed, which only {@link #text(ByteBuffer)}
   *     and {@link #binary(ByteBuffer)} do: a client masks it, permessage-deflate may compress it
   */
  public ByteBuffer headerForUnchanged(boolean text, ByteBuffer payload) {
    requireOpen();
    requireNoFragmentedMessage();
    if (role != Role.SERVER || deflate != null && deflate.compresses(payload.remaining())) {
      return null;
    }
    return FrameEncoder.unmaskedHeader(text ? Opcode.TEXT : Opcode.BINARY, payload.remaining(), frameBuffers);
  }

  /**
   * Encodes one fragment of a text message (RFC 6455 section 5.4). The first call starts the message, the call
   * with {@code last} ends it; control frames may be sent in between, other data messages may not.
   */
  public ByteBuffer textFragment(ByteBuffer utf8, boolean last) {
    return fragment(Opcode.TEXT, utf8, last);
  }

  /** Encodes one fragment of a binary message; see {@link #textFragment(ByteBuffer, boolean)}. */
  public ByteBuffer binaryFragment(ByteBuffer data, boolean last) {
    return fragment(Opcode.BINARY, data, last);
  }

  /** Encodes a prepared message: the shared bytes for a server, a masked copy for a client. */
  public ByteBuffer prepared(PreparedMessage message) {
    requireOpen();
    requireNoFragmentedMessage();
    int opcode = message.isText() ? Opcode.TEXT : Opcode.BINARY;
    ByteBuffer payload = message.payload();
    if (deflate != null && deflate.compresses(payload.remaining())) {
      if (role == Role.SERVER && deflate.resetsOutbound()) {
        return message.deflatedFrame(compressionLevel);
      }
      return encode(opcode, true, FrameEncoder.RSV1, deflate.compress(payload));
    }
    return role == Role.SERVER ? message.frame() : encode(opcode, true, 0, payload);
  }

  /** Encodes a ping; {@code payload} is at most 125 bytes. */
  public ByteBuffer ping(ByteBuffer payload) {
    return control(Opcode.PING, payload);
  }

  /** Encodes a pong, for example an unsolicited one used as a one-way heartbeat; at most 125 bytes. */
  public ByteBuffer pong(ByteBuffer payload) {
    return control(Opcode.PONG, payload);
  }

  /**
   * Starts the close handshake: encodes a close frame and moves to {@link State#CLOSE_SENT}.
   *
   * @throws IllegalArgumentException when the code may not be sent (RFC 6455 section 7.4) or the reason is longer
   *     than 123 bytes of UTF-8
   * @throws IllegalStateException when a close frame was already sent or received
   */
  public ByteBuffer close(CloseStatus status) {
    requireOpen();
    ByteBuffer frame = encode(Opcode.CLOSE, true, ClosePayload.encode(status));
    state = State.CLOSE_SENT;
    return frame;
  }

  private ByteBuffer message(int opcode, ByteBuffer payload) {
    requireOpen();
    requireNoFragmentedMessage();
    if (deflate != null && deflate.compresses(payload.remaining())) {
      return encode(opcode, true, FrameEncoder.RSV1, deflate.compress(payload));
    }
    return encode(opcode, true, 0, payload);
  }

  private ByteBuffer fragment(int opcode, ByteBuffer payload, boolean last) {
    requireOpen();
    int frameOpcode;
    int rsv = 0;
    if (outboundMessage == -1) {
      frameOpcode = opcode;
      outboundCompressed = deflate != null;
      rsv = outboundCompressed ? FrameEncoder.RSV1 : 0;
    } else if (outboundMessage == opcode) {
      frameOpcode = Opcode.CONTINUATION;
    } else {
      throw new IllegalStateException("a fragmented " + Opcode.name(outboundMessage) + " message is being sent");
    }
    ByteBuffer body = outboundCompressed ? deflate.compressFragment(payload, last) : payload;
    ByteBuffer frame = encode(frameOpcode, last, rsv, body);
    outboundMessage = last ? -1 : opcode;
    return frame;
  }

  private ByteBuffer control(int opcode, ByteBuffer payload) {
    requireOpen();
    if (payload.remaining() > MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException("control frame payload is " + payload.remaining() + " bytes, at most 125");
    }
    return encode(opcode, true, 0, payload);
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("cannot send: connection is " + state);
    }
  }

  private void requireNoFragmentedMessage() {
    if (outboundMessage != -1) {
      throw new IllegalStateException("a fragmented " + Opcode.name(outboundMessage) + " message is being sent");
    }
  }

  private ByteBuffer encode(int opcode, boolean fin, ByteBuffer payload) {
    return encode(opcode, fin, 0, payload);
  }

  private ByteBuffer encode(int opcode, boolean fin, int rsv, ByteBuffer payload) {
    return role == Role.SERVER
        ? FrameEncoder.unmasked(opcode, fin, rsv, payload, frameBuffers)
        : FrameEncoder.masked(opcode, fin, rsv, payload, maskKeys.getAsInt());
  }

  @Override
  public String toString() {
    return "WsProtocol[" + role + " " + state + ", " + decoder + ", " + assembler + "]";
  }
}
