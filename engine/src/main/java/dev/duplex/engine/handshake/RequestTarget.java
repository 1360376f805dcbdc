package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request-target in origin-form (<a href="https://www.rfc-editor.org/rfc/rfc9112#section-3.2.1">RFC 9112
 * section 3.2.1</a>), the only form a WebSocket handshake uses: an absolute path and an optional query. The path is
 * percent-decoded as UTF-8; the query is decoded as {@code application/x-www-form-urlencoded}, the way browsers'
 * {@code URLSearchParams} read it ({@code +} is a space), except that a malformed escape is an error here rather
 * than text, so the decoded views never disagree silently with the raw target.
 */
record RequestTarget(String raw, String path, String rawQuery, Map<String, List<String>> queryParameters) {

  /**
   * @throws IllegalArgumentException if {@code raw} is not in origin-form, holds a character other than visible
   *     ASCII or {@code #}, or does not decode
   */
  static RequestTarget parse(String raw) {
    if (raw.isEmpty() || raw.charAt(0) != '/') {
      throw new IllegalArgumentException("request target must be an absolute path (origin-form)");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '#') {
        throw new IllegalArgumentException("forbidden character in request target");
      }
    }
    int question = raw.indexOf('?');
    String rawPath = question < 0 ? raw : raw.substring(0, question);
    String rawQuery = question < 0 ? null : raw.substring(question + 1);
    return new RequestTarget(raw, decode(rawPath, false), rawQuery, decodeQuery(rawQuery));
  }

  /** The raw target with the value of each query parameter named {@code name} (after decoding) replaced by ***. */
  String redacted(String name) {
    if (rawQuery == null || !queryParameters.containsKey(name)) {
      return raw;
    }
    StringBuilder redacted = new StringBuilder(raw.length()).append(raw, 0, raw.length() - rawQuery.length());
    String[] pairs = rawQuery.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int equals = pair.indexOf('=');
      String rawName = equals < 0 ? pair : pair.substring(0, equals);
      redacted.append(i == 0 ? "" : "&");
      redacted.append(!pair.isEmpty() && decode(rawName, true).equals(name) ? rawName + "=***" : pair);
    }
    return redacted.toString();
  }

  private static Map<String, List<String>> decodeQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
      parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    parameters.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(parameters);
  }

  private static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    byte[] bytes = new byte[s.length()];
    int length = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int high = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
        if (low < 0) {
          throw new IllegalArgumentException("malformed percent-encoding in request target");
        }
        bytes[length++] = (byte) (high << 4 | low);
        i += 2;
      } else {
        bytes[length++] = (byte) (c == '+' && plusIsSpace ? ' ' : c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("request target is not UTF-8 once percent-decoded", e);
    }
  }
}
