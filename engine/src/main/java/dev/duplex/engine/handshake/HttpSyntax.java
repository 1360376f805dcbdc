package dev.duplex.engine.handshake;

/**
 * Character classes of HTTP/1.1 (<a href="https://www.rfc-editor.org/rfc/rfc9110#section-5.6">RFC 9110 section
 * 5.6</a>), shared by the parsers and the builders of this package.
 */
final class HttpSyntax {

  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HttpSyntax() {
  }

  /** Whether {@code s} is a token: one or more tchar, any visible ASCII character except delimiters. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isTchar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || isDigit(c)
        || c < 0x80 && TCHAR_SYMBOLS.indexOf(c) >= 0;
  }

  /**
   * Whether every character of {@code s} may appear in a field value: HTAB, SP, visible ASCII and obs-text
   * (0x80-0xFF, kept as ISO-8859-1 characters). Every other control character, DEL included, is refused.
   */
  static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && (c < 0x20 || c == 0x7F || c > 0xFF)) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Whether {@code c} is optional whitespace: SP or HTAB. */
  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** {@code s} without leading and trailing SP and HTAB. */
  static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }
}
