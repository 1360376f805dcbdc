package dev.duplex.engine.handshake;

import java.util.List;
import java.util.Objects;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header
 * (<a href="https://www.rfc-editor.org/rfc/rfc6455#section-9.1">RFC 6455 section 9.1</a>): an extension name and
 * its parameters, in the order sent. In a request it is an offer; in a response, what the server accepted.
 *
 * <p>Parameters are kept as sent, duplicates included, because an extension's negotiation must see them to decline
 * an offer (RFC 7692 section 7 refuses one with a repeated parameter).
 *
 * @param name the extension token, such as {@code permessage-deflate}
 * @param params the parameters in order, duplicates kept
 */
public record ExtensionOffer(String name, List<Param> params) {

  /**
   * @throws IllegalArgumentException if {@code name} is not a token
   */
  public ExtensionOffer {
    requireToken("extension name", name);
    params = List.copyOf(params);
  }

  /**
   * Reads every offer of the given {@code Sec-WebSocket-Extensions} values, in order. Malformed elements are
   * skipped rather than failing the handshake, since an extension is optional; the remaining offers are returned,
   * whatever their names, for the server to accept or ignore.
   */
  public static List<ExtensionOffer> parse(List<String> headerValues) {
    return ExtensionListReader.read(headerValues).offers();
  }

  /** This offer as an element of a {@code Sec-WebSocket-Extensions} value: {@code name; param; param=value}. */
  public String toHeaderValue() {
    StringBuilder value = new StringBuilder(name);
    for (Param param : params) {
      value.append("; ").append(param.name());
      if (param.value() != null) {
        value.append('=').append(param.value());
      }
    }
    return value.toString();
  }

  /**
   * An extension parameter. A value sent as a quoted-string is given unquoted; either way it is a token, as RFC
   * 6455 section 9.1 requires.
   *
   * @param name the parameter token
   * @param value the value, or {@code null} when the parameter has none
   */
  public record Param(String name, String value) {

    /**
     * @throws IllegalArgumentException if {@code name}, or {@code value} when present, is not a token
     */
    public Param {
      requireToken("extension parameter name", name);
      if (value != null) {
        requireToken("extension parameter value", value);
      }
    }
  }

  private static void requireToken(String what, String s) {
    if (!HttpSyntax.isToken(Objects.requireNonNull(s, what))) {
      throw new IllegalArgumentException(what + " is not a token: \"" + s + "\"");
    }
  }
}
