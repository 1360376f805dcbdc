package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the lines of an HTTP/1.1 head (<a href="https://www.rfc-editor.org/rfc/rfc9112#section-2">RFC 9112 section
 * 2</a>) from pieces of input, under {@link HandshakeLimits}. It consumes bytes one line at a time and stops right
 * after the empty line that ends the head, so whatever follows stays in the caller's buffer. Only the line being
 * read is kept, in a buffer that grows up to the head limit and no further.
 *
 * <p>Lines end with CRLF or a bare LF; bytes are ISO-8859-1 characters. The rules on header fields are those of
 * RFC 9112 section 5: the name is a token followed by the colon with no whitespace between, the value is trimmed
 * and holds no control character other than HTAB, and obsolete line folding is refused.
 */
final class HeadReader {

  private static final int INITIAL_LINE_CAPACITY = 256;

  private final int maxHeadBytes;
  private final int maxHeaders;
  private final String startLineName;
  private final HttpHeaders headers = new HttpHeaders();
  private byte[] line;
  private int lineLength;
  private int headBytes;
  private boolean startLineRead;

  /**
   * @param startLineName what the start line is called in messages: "request line" or "status line"
   */
  HeadReader(HandshakeLimits limits, String startLineName) {
    this.maxHeadBytes = limits.maxHeadBytes();
    this.maxHeaders = limits.maxHeaders();
    this.startLineName = startLineName;
    this.line = new byte[Math.min(INITIAL_LINE_CAPACITY, maxHeadBytes)];
  }

  /**
   * The start line without its line ending, or {@code null} when {@code in} ran out first. Empty lines before it
   * are skipped (RFC 9112 section 2.2); they count towards the head limit.
   *
   * @throws HeadException 414 when the start line crosses the head limit, 400 on a NUL byte
   */
  String readStartLine(ByteBuffer in) throws HeadException {
    String start;
    do {
      start = readLine(in);
      if (start == null) {
        return null;
      }
    } while (start.isEmpty());
    startLineRead = true;
    return start;
  }

  /**
   * The header fields, read-only, once the empty line that ends the head has been consumed; {@code null} when
   * {@code in} ran out first.
   *
   * @throws HeadException 431 when the head crosses a limit, 400 on a malformed field
   */
  HttpHeaders readHeaders(ByteBuffer in) throws HeadException {
    for (String field = readLine(in); field != null; field = readLine(in)) {
      if (field.isEmpty()) {
        return headers.readOnlyCopy();
      }
      addField(field);
    }
    return null;
  }

  private String readLine(ByteBuffer in) throws HeadException {
    while (in.hasRemaining()) {
      if (headBytes == maxHeadBytes) {
        throw startLineRead
            ? new HeadException(431, "header section too large")
            : new HeadException(414, startLineName + " too long");
      }
      byte b = in.get();
      headBytes++;
      if (b == '\n') {
        return takeLine();
      }
      if (b == 0) {
        throw new HeadException(400, "NUL byte in " + (startLineRead ? "header section" : startLineName));
      }
      if (lineLength == line.length) {
        line = Arrays.copyOf(line, Math.min(line.length * 2, maxHeadBytes));
      }
      line[lineLength++] = b;
    }
    return null;
  }

  private String takeLine() {
    int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
    lineLength = 0;
    return new String(line, 0, end, StandardCharsets.ISO_8859_1);
  }

  private void addField(String field) throws HeadException {
    if (headers.size() == maxHeaders) {
      throw new HeadException(431, "too many header fields");
    }
    if (HttpSyntax.isOws(field.charAt(0))) {
      throw new HeadException(400, "header line starts with whitespace (obsolete line folding)");
    }
    int colon = field.indexOf(':');
    if (colon < 0) {
      throw new HeadException(400, "header field without a colon");
    }
    if (colon > 0 && HttpSyntax.isOws(field.charAt(colon - 1))) {
      throw new HeadException(400, "whitespace between header field name and colon");
    }
    String name = field.substring(0, colon);
    if (!HttpSyntax.isToken(name)) {
      throw new HeadException(400, "header field name is not a token");
    }
    String value = HttpSyntax.trimOws(field.substring(colon + 1));
    if (!HttpSyntax.isFieldValue(value)) {
      throw new HeadException(400, "control character in value of header field " + name);
    }
    headers.add(name, value);
  }

  @Override
  public String toString() {
    return "HeadReader[" + (startLineRead ? "header section" : startLineName) + ", headBytes=" + headBytes + "/"
        + maxHeadBytes + ", headers=" + headers.size() + "/" + maxHeaders + "]";
  }
}
