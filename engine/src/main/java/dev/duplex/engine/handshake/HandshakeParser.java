package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads the head of the client's opening handshake, an HTTP/1.1 request
 * (<a href="https://www.rfc-editor.org/rfc/rfc9112#section-3">RFC 9112 section 3</a>), from pieces of input of any
 * size, down to one byte.
 *
 * <p>{@link #parse} consumes bytes up to and including the empty line that ends the head and never beyond, so bytes
 * that arrived with the head (the client's first frames) stay in the buffer for the frame decoder. Until the head
 * is complete it returns {@link Result#NEED_MORE_DATA}, having consumed everything it was given. It then returns
 * {@link Result.Parsed} or, for anything malformed or over a {@link HandshakeLimits limit}, a {@link Result.Rejected}
 * carrying the response to send: 400 for bad syntax and for HTTP/1.0, 414 for a request line that alone crosses
 * the head limit, 431 for a head too large or with too many fields, 505 for any other HTTP version. Peer input never
 * makes it throw. Whether the request is a valid WebSocket handshake is {@link ServerHandshake#validate}'s job.
 *
 * <p>One instance reads one head; it is not thread-safe.
 */
public final class HandshakeParser {

  private enum State { REQUEST_LINE, HEADERS, PARSED, REJECTED }

  private final HeadReader reader;
  private State state = State.REQUEST_LINE;
  private String method;
  private RequestTarget target;

  public HandshakeParser(HandshakeLimits limits) {
    this.reader = new HeadReader(Objects.requireNonNull(limits, "limits"), "request line");
  }

  /**
   * Consumes the bytes of {@code in} that belong to the request head.
   *
   * @throws IllegalStateException if a previous call already returned {@link Result.Parsed} or
   *     {@link Result.Rejected}
   */
  public Result parse(ByteBuffer in) {
    if (state == State.PARSED || state == State.REJECTED) {
      throw new IllegalStateException("this parser has already " + (state == State.PARSED ? "parsed" : "rejected")
          + " a request head");
    }
    try {
      if (state == State.REQUEST_LINE) {
        String requestLine = reader.readStartLine(in);
        if (requestLine == null) {
          return Result.NEED_MORE_DATA;
        }
        parseRequestLine(requestLine);
        state = State.HEADERS;
      }
      HttpHeaders headers = reader.readHeaders(in);
      if (headers == null) {
        return Result.NEED_MORE_DATA;
      }
      state = State.PARSED;
      return new Result.Parsed(new HandshakeRequest(method, target, headers));
    } catch (HeadException e) {
      state = State.REJECTED;
      return new Result.Rejected(HandshakeResponse.reject(e.status(), e.getMessage()));
    }
  }

  /** {@code method SP request-target SP HTTP-version}, single spaces, nothing else (RFC 9112 section 3). */
  private void parseRequestLine(String line) throws HeadException {
    String[] parts = line.split(" ", -1);
    if (parts.length != 3) {
      throw new HeadException(400, "malformed request line");
    }
    checkVersion(parts[2]);
    if (!HttpSyntax.isToken(parts[0])) {
      throw new HeadException(400, "method is not a token");
    }
    try {
      target = RequestTarget.parse(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new HeadException(400, e.getMessage());
    }
    method = parts[0];
  }

  /**
   * RFC 6455 section 4.1 asks for HTTP/1.1 at least, and the {@code Upgrade} mechanism exists in HTTP/1.1 only:
   * HTTP/1.0 is a client error (400), a version we do not speak is 505.
   */
  private static void checkVersion(String version) throws HeadException {
    if (version.equals(HandshakeRequest.HTTP_1_1)) {
      return;
    }
    boolean wellFormed = version.length() == 8
        && version.startsWith("HTTP/")
        && HttpSyntax.isDigit(version.charAt(5))
        && version.charAt(6) == '.'
        && HttpSyntax.isDigit(version.charAt(7));
    if (!wellFormed) {
      throw new HeadException(400, "malformed HTTP version");
    }
    if (version.equals("HTTP/1.0")) {
      throw new HeadException(400, "a WebSocket handshake requires HTTP/1.1");
    }
    throw new HeadException(505, "HTTP version not supported; a WebSocket handshake requires HTTP/1.1");
  }

  @Override
  public String toString() {
    return "HandshakeParser[" + state + ", " + reader + "]";
  }

  /** What {@link #parse} found. */
  public sealed interface Result {

    /** The head is not complete; every byte given was consumed. Call again with more. */
    Result NEED_MORE_DATA = NeedMoreData.NEED_MORE_DATA;

    /** The request head is complete and well-formed; the buffer is positioned right after it. */
    record Parsed(HandshakeRequest request) implements Result { }

    /** The request head is malformed or too large; send the response, then close the connection. */
    record Rejected(HandshakeResponse response) implements Result { }
  }

  private enum NeedMoreData implements Result { NEED_MORE_DATA }
}
