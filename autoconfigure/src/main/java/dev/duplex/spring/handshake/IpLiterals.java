package dev.duplex.spring.handshake;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals, and only literals: a host name is never looked up. */
final class IpLiterals {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiterals() {
  }

  /**
   * The address an IPv4 literal, or an IPv6 literal with or without brackets, denotes; {@code null} for anything
   * else, including host names, zone ids and obfuscated identifiers such as {@code unknown} or {@code _proxy1}.
   */
  static InetAddress parse(String text) {
    String literal = text.strip();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    try {
      if (IPV4.matcher(literal).matches()) {
        return InetAddress.getByAddress(ipv4(literal));
      }
      if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
        // A string with a colon is only ever parsed as an IPv6 literal, never looked up.
        return InetAddress.getByName(literal);
      }
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  private static byte[] ipv4(String literal) {
    String[] parts = literal.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        throw new IllegalArgumentException(literal);
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }
}
