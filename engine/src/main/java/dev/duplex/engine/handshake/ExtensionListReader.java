package dev.duplex.engine.handshake;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code Sec-WebSocket-Extensions} values by the grammar of
 * <a href="https://www.rfc-editor.org/rfc/rfc6455#section-9.1">RFC 6455 section 9.1</a>, with optional whitespace
 * around separators and empty list elements ignored (RFC 9110 section 5.6.1):
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" ( token | quoted-string ) ]  ; a quoted value must be a token once unquoted
 * </pre>
 *
 * A malformed element is set aside up to the next comma outside a quoted string, and reading goes on. The server
 * ignores such elements; the client, which must not ignore what the server claims to use, checks
 * {@link #hasMalformed()}.
 */
final class ExtensionListReader {

  private final List<ExtensionOffer> offers = new ArrayList<>();
  private boolean malformed;
  private String text;
  private int pos;

  private ExtensionListReader() {
  }

  static ExtensionListReader read(List<String> headerValues) {
    ExtensionListReader reader = new ExtensionListReader();
    for (String value : headerValues) {
      reader.readValue(value);
    }
    return reader;
  }

  /** The well-formed elements, in order; unmodifiable. */
  List<ExtensionOffer> offers() {
    return List.copyOf(offers);
  }

  /** Whether some element was malformed and left out of {@link #offers()}. */
  boolean hasMalformed() {
    return malformed;
  }

  private void readValue(String value) {
    text = value;
    pos = 0;
    while (true) {
      skipOws();
      if (pos == text.length()) {
        return;
      }
      if (text.charAt(pos) == ',') {
        pos++;
        continue;
      }
      ExtensionOffer offer = readExtension();
      if (offer == null) {
        malformed = true;
        skipElement();
      } else {
        offers.add(offer);
      }
    }
  }

  /** One extension up to and including the comma that ends it; {@code null} if it is malformed. */
  private ExtensionOffer readExtension() {
    String name = readToken();
    if (name == null) {
      return null;
    }
    List<ExtensionOffer.Param> params = new ArrayList<>();
    while (true) {
      skipOws();
      if (pos == text.length()) {
        return new ExtensionOffer(name, params);
      }
      char separator = text.charAt(pos);
      if (separator != ',' && separator != ';') {
        return null;
      }
      pos++;
      if (separator == ',') {
        return new ExtensionOffer(name, params);
      }
      skipOws();
      String paramName = readToken();
      if (paramName == null) {
        return null;
      }
      skipOws();
      String paramValue = null;
      if (pos < text.length() && text.charAt(pos) == '=') {
        pos++;
        skipOws();
        paramValue = pos < text.length() && text.charAt(pos) == '"' ? readQuoted() : readToken();
        if (paramValue == null || !HttpSyntax.isToken(paramValue)) {
          return null;
        }
      }
      params.add(new ExtensionOffer.Param(paramName, paramValue));
    }
  }

  private String readToken() {
    int start = pos;
    while (pos < text.length() && HttpSyntax.isTchar(text.charAt(pos))) {
      pos++;
    }
    return pos == start ? null : text.substring(start, pos);
  }

  /** A quoted-string, unescaped; {@code null} if it does not end. Consumes it whole, closing quote included. */
  private String readQuoted() {
    StringBuilder value = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return value.toString();
      }
      if (c == '\\') {
        if (pos == text.length()) {
          return null;
        }
        c = text.charAt(pos++);
      }
      value.append(c);
    }
    return null;
  }

  /** Moves past the next comma that is outside a quoted string, or to the end. */
  private void skipElement() {
    boolean quoted = false;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (quoted && c == '\\' && pos < text.length()) {
        pos++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        return;
      }
    }
  }

  private void skipOws() {
    while (pos < text.length() && HttpSyntax.isOws(text.charAt(pos))) {
      pos++;
    }
  }
}
