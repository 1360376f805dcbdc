package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads the head of the server's answer to an opening handshake, an HTTP/1.1 response
 * (<a href="https://www.rfc-editor.org/rfc/rfc9112#section-4">RFC 9112 section 4</a>), from pieces of input of any
 * size, down to one byte. It follows the contract of {@link HandshakeParser}: bytes are consumed up to and including
 * the empty line that ends the head and never beyond, so the server's first frames stay in the buffer; the same
 * {@link HandshakeLimits} and header rules apply; a malformed or oversized head is a {@link Result.Failed}, never an
 * exception. Whether the response accepts the handshake is {@link ClientHandshake#validate}'s job.
 *
 * <p>One instance reads one head; it is not thread-safe.
 */
public final class HttpResponseParser {

  private enum State { STATUS_LINE, HEADERS, PARSED, FAILED }

  private final HeadReader reader;
  private State state = State.STATUS_LINE;
  private String version;
  private int status;
  private String reason;

  public HttpResponseParser(HandshakeLimits limits) {
    this.reader = new HeadReader(Objects.requireNonNull(limits, "limits"), "status line");
  }

  /**
   * Consumes the bytes of {@code in} that belong to the response head.
   *
   * @throws IllegalStateException if a previous call already returned {@link Result.Parsed} or
   *     {@link Result.Failed}
   */
  public Result parse(ByteBuffer in) {
    if (state == State.PARSED || state == State.FAILED) {
      throw new IllegalStateException("this parser has already " + (state == State.PARSED ? "parsed" : "failed on")
          + " a response head");
    }
    try {
      if (state == State.STATUS_LINE) {
        String line = reader.readStartLine(in);
        if (line == null) {
          return Result.NEED_MORE_DATA;
        }
        parseStatusLine(line);
        state = State.HEADERS;
      }
      HttpHeaders headers = reader.readHeaders(in);
      if (headers == null) {
        return Result.NEED_MORE_DATA;
      }
      state = State.PARSED;
      return new Result.Parsed(new HttpResponseHead(version, status, reason, headers));
    } catch (HeadException e) {
      state = State.FAILED;
      return new Result.Failed(e.getMessage());
    }
  }

  /**
   * {@code HTTP-version SP status-code SP reason-phrase}. The space and reason may be missing altogether, as h11 and
   * browsers allow.
   */
  private void parseStatusLine(String line) throws HeadException {
    if (!line.startsWith("HTTP/1.1") && !line.startsWith("HTTP/1.0")) {
      throw new HeadException(400, "status line must start with HTTP/1.1 or HTTP/1.0");
    }
    boolean wellFormed = line.length() >= 12
        && line.charAt(8) == ' '
        && line.charAt(9) >= '1' && line.charAt(9) <= '5'
        && HttpSyntax.isDigit(line.charAt(10))
        && HttpSyntax.isDigit(line.charAt(11))
        && (line.length() == 12 || line.charAt(12) == ' ');
    if (!wellFormed) {
      throw new HeadException(400, "malformed status line");
    }
    String phrase = line.length() > 12 ? line.substring(13) : "";
    if (!HttpSyntax.isFieldValue(phrase)) {
      throw new HeadException(400, "control character in reason phrase");
    }
    version = line.substring(0, 8);
    status = Integer.parseInt(line.substring(9, 12));
    reason = phrase;
  }

  @Override
  public String toString() {
    return "HttpResponseParser[" + state + ", " + reader + "]";
  }

  /** What {@link #parse} found. */
  public sealed interface Result {

    /** The head is not complete; every byte given was consumed. Call again with more. */
    Result NEED_MORE_DATA = NeedMoreData.NEED_MORE_DATA;

    /** The response head is complete and well-formed; the buffer is positioned right after it. */
    record Parsed(HttpResponseHead head) implements Result { }

    /** The response head is malformed or too large; the handshake has failed (RFC 6455 section 4.1). */
    record Failed(String message) implements Result { }
  }

  private enum NeedMoreData implements Result { NEED_MORE_DATA }
}
