package dev.duplex.engine.handshake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The header fields of an HTTP message, in the order they were added, looked up by name without regard to case
 * (<a href="https://www.rfc-editor.org/rfc/rfc9110#section-5.1">RFC 9110 section 5.1</a>). A name may occur
 * several times; the handshake rules care about that ("exactly one {@code Sec-WebSocket-Key}"), so fields are kept
 * apart rather than merged.
 *
 * <p>{@link #add} refuses a name that is not a token and a value with a control character, CR and LF included, so a
 * response built from these headers cannot be split. Headers of a parsed request or of a response are read-only.
 */
public final class HttpHeaders {

  private static final List<String> MASKED = List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
      "Sec-WebSocket-Protocol");

  private final List<Field> fields;
  private final boolean readOnly;

  public HttpHeaders() {
    this(new ArrayList<>(), false);
  }

  private HttpHeaders(List<Field> fields, boolean readOnly) {
    this.fields = fields;
    this.readOnly = readOnly;
  }

  /**
   * Appends a field, after any field of the same name.
   *
   * @return these headers
   * @throws IllegalArgumentException if {@code name} is not a token or {@code value} holds a control character
   *     other than HTAB, or a character beyond ISO-8859-1
   * @throws UnsupportedOperationException if these headers are read-only
   */
  public HttpHeaders add(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (readOnly) {
      throw new UnsupportedOperationException("read-only headers");
    }
    if (!HttpSyntax.isToken(name)) {
      throw new IllegalArgumentException("header field name is not a token: \"" + name + "\"");
    }
    if (!HttpSyntax.isFieldValue(value)) {
      throw new IllegalArgumentException("value of header field " + name + " holds a forbidden character");
    }
    fields.add(new Field(name, value));
    return this;
  }

  /** The value of the first field named {@code name}, or {@code null} if there is none. */
  public String first(String name) {
    for (Field field : fields) {
      if (field.name().equalsIgnoreCase(name)) {
        return field.value();
      }
    }
    return null;
  }

  /** The values of every field named {@code name}, in order; empty if there is none. */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>(1);
    for (Field field : fields) {
      if (field.name().equalsIgnoreCase(name)) {
        values.add(field.value());
      }
    }
    return Collections.unmodifiableList(values);
  }

  public boolean contains(String name) {
    return first(name) != null;
  }

  /**
   * The comma-separated elements of every field named {@code name}, trimmed, empty elements dropped, case kept
   * (the list syntax of <a href="https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1">RFC 9110 section 5.6.1</a>).
   * {@code Connection: keep-alive, Upgrade} gives {@code [keep-alive, Upgrade]}. Quoted strings are not
   * understood; use this for fields whose elements are tokens.
   */
  public List<String> tokens(String name) {
    List<String> tokens = new ArrayList<>();
    for (String value : all(name)) {
      for (String element : value.split(",")) {
        String token = HttpSyntax.trimOws(element);
        if (!token.isEmpty()) {
          tokens.add(token);
        }
      }
    }
    return Collections.unmodifiableList(tokens);
  }

  /**
   * Whether some element of the fields named {@code name} equals {@code token}, ignoring case, as the handshake
   * requires of {@code Upgrade: websocket} and {@code Connection: Upgrade}.
   */
  public boolean containsToken(String name, String token) {
    for (String element : tokens(name)) {
      if (element.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** The number of fields, each repetition of a name counted. */
  public int size() {
    return fields.size();
  }

  /** Passes the name and value of every field, in order. */
  public void forEach(BiConsumer<? super String, ? super String> action) {
    for (Field field : fields) {
      action.accept(field.name(), field.value());
    }
  }

  HttpHeaders readOnlyCopy() {
    return readOnly ? this : new HttpHeaders(List.copyOf(fields), true);
  }

  HttpHeaders mutableCopy() {
    return new HttpHeaders(new ArrayList<>(fields), false);
  }

  /** Appends every field as {@code name: value} CRLF, the wire form of a header section. */
  void writeTo(StringBuilder head) {
    for (Field field : fields) {
      head.append(field.name()).append(": ").append(field.value()).append("\r\n");
    }
  }

  /**
   * Every field, with the values of credentials ({@code Authorization}, {@code Cookie} and the like, and
   * {@code Sec-WebSocket-Protocol}, which browsers use to carry a token) masked for logs.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("HttpHeaders[");
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      String value = isMasked(field.name()) ? "***" : field.value();
      text.append(i == 0 ? "" : ", ").append(field.name()).append(": ").append(value);
    }
    return text.append(']').toString();
  }

  private static boolean isMasked(String name) {
    for (String masked : MASKED) {
      if (masked.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private record Field(String name, String value) { }
}
