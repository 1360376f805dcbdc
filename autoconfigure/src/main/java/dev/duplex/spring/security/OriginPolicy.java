package dev.duplex.spring.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which web origins may open sessions: the defence against cross-site WebSocket hijacking, where a page of another
 * site opens a socket that the browser authenticates with the user's cookies.
 *
 * <p>Without an allow-list the policy is <em>same host</em>: the host of the {@code Origin} header must equal the
 * host of the {@code Host} header; scheme and port may differ, because Duplex listens on a port of its own next
 * to the application's web server, and cookies are shared by every port of a host anyway. With an allow-list
 * ({@code duplex.allowed-origins}) an origin must match one of its entries:
 *
 * <ul>
 *   <li>an exact origin, {@code https://app.example.com} (the default port may be left out or given);
 *   <li>a host pattern, {@code https://*.example.com}, matching any subdomain at any depth but not
 *       {@code example.com} itself;
 *   <li>a port pattern, {@code http://localhost:*};
 *   <li>{@code null}, for the opaque origin of sandboxed frames and {@code file:} pages;
 *   <li>{@code *}, for every origin: no protection, for APIs that use no ambient credentials.
 * </ul>
 *
 * <p>A request without {@code Origin} does not come from a browser page (browsers always send it on WebSocket
 * handshakes), so it cannot carry a victim's cookies; it is allowed unless configured otherwise.
 */
public final class OriginPolicy {

  private final List<OriginPattern> patterns;
  private final boolean allowMissing;

  private OriginPolicy(List<OriginPattern> patterns, boolean allowMissing) {
    this.patterns = patterns;
    this.allowMissing = allowMissing;
  }

  /** The default: the origin's host must be the {@code Host} header's host. */
  public static OriginPolicy sameHost(boolean allowMissing) {
    return new OriginPolicy(null, allowMissing);
  }

  /**
   * An allow-list.
   *
   * @throws IllegalArgumentException naming the index of the first entry that is not an origin or a pattern
   */
  public static OriginPolicy allowList(List<String> entries, boolean allowMissing) {
    List<OriginPattern> patterns = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      OriginPattern pattern = entry == null ? null : OriginPattern.parse(entry.trim());
      if (pattern == null) {
        throw new IllegalArgumentException("[" + i + "] '" + entry + "' is not an origin such as https://app.example.com,"
            + " a pattern such as https://*.example.com or http://localhost:*, 'null' or '*'");
      }
      patterns.add(pattern);
    }
    return new OriginPolicy(List.copyOf(patterns), allowMissing);
  }

  /**
   * @param origin the {@code Origin} header, {@code null} when absent
   * @param host the {@code Host} header
   */
  public boolean allows(String origin, String host) {
    if (origin == null) {
      return allowMissing;
    }
    String trimmed = origin.trim();
    if (patterns != null) {
      for (OriginPattern pattern : patterns) {
        if (pattern.matches(trimmed)) {
          return true;
        }
      }
      return false;
    }
    WebOrigin parsed = WebOrigin.parse(trimmed);
    String hostOnly = host == null ? null : hostOf(host.trim());
    return parsed != null && hostOnly != null && !parsed.host().contains("*") && parsed.host().equals(hostOnly);
  }

  /** The host of a {@code Host} header value, lower case, without the port; brackets of IPv6 kept. */
  private static String hostOf(String hostHeader) {
    String lower = hostHeader.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[")) {
      int close = lower.indexOf(']');
      return close < 0 ? null : lower.substring(0, close + 1);
    }
    int colon = lower.indexOf(':');
    return colon < 0 ? lower : lower.substring(0, colon);
  }

  @Override
  public String toString() {
    return "OriginPolicy[" + (patterns == null ? "same host" : patterns) + (allowMissing ? ", no Origin allowed" : "")
        + "]";
  }

  /** A serialized origin, {@code scheme://host[:port]} (RFC 6454 section 6.2), with the default port filled in. */
  record WebOrigin(String scheme, String host, int port) {

    static WebOrigin parse(String text) {
      String lower = text.toLowerCase(Locale.ROOT);
      int separator = lower.indexOf("://");
      if (separator <= 0 || !isScheme(lower.substring(0, separator))) {
        return null;
      }
      String scheme = lower.substring(0, separator);
      String authority = lower.substring(separator + 3);
      String host;
      String port = null;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close < 0) {
          return null;
        }
        host = authority.substring(0, close + 1);
        String rest = authority.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            return null;
          }
          port = rest.substring(1);
        }
      } else {
        int colon = authority.indexOf(':');
        host = colon < 0 ? authority : authority.substring(0, colon);
        port = colon < 0 ? null : authority.substring(colon + 1);
      }
      if (host.isEmpty() || !isHost(host)) {
        return null;
      }
      int number;
      if (port == null) {
        number = defaultPort(scheme);
      } else if (port.equals("*")) {
        number = OriginPattern.ANY_PORT;
      } else {
        number = parsePort(port);
        if (number < 0) {
          return null;
        }
      }
      return new WebOrigin(scheme, host, number);
    }

    private static boolean isScheme(String scheme) {
      if (!Character.isLetter(scheme.charAt(0))) {
        return false;
      }
      return scheme.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'));
    }

    private static boolean isHost(String host) {
      return host.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '/' && c != '?' && c != '#' && c != '@');
    }

    private static int parsePort(String port) {
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      int number = Integer.parseInt(port);
      return number <= 65535 ? number : -1;
    }

    private static int defaultPort(String scheme) {
      return switch (scheme) {
        case "http", "ws" -> 80;
        case "https", "wss" -> 443;
        default -> 0;
      };
    }
  }

  /** One allow-list entry. */
  record OriginPattern(String text, boolean any, boolean opaque, WebOrigin origin, boolean subdomains) {

    static final int ANY_PORT = -2;

    static OriginPattern parse(String entry) {
      if (entry.equals("*")) {
        return new OriginPattern(entry, true, false, null, false);
      }
      if (entry.equalsIgnoreCase("null")) {
        return new OriginPattern(entry, false, true, null, false);
      }
      WebOrigin origin = WebOrigin.parse(entry);
      if (origin == null) {
        return null;
      }
      String host = origin.host();
      boolean subdomains = host.startsWith("*.");
      String bare = subdomains ? host.substring(2) : host;
      if (bare.isEmpty() || bare.contains("*")) {
        return null;
      }
      return new OriginPattern(entry, false, false, new WebOrigin(origin.scheme(), bare, origin.port()), subdomains);
    }

    boolean matches(String originHeader) {
      if (any) {
        return true;
      }
      if (opaque) {
        return originHeader.equals("null");
      }
      WebOrigin candidate = WebOrigin.parse(originHeader);
      if (candidate == null || candidate.port() == ANY_PORT || candidate.host().contains("*")
          || !candidate.scheme().equals(origin.scheme())) {
        return false;
      }
      if (origin.port() != ANY_PORT && origin.port() != candidate.port()) {
        return false;
      }
      return subdomains
          ? candidate.host().endsWith("." + origin.host()) && candidate.host().length() > origin.host().length() + 1
          : candidate.host().equals(origin.host());
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
