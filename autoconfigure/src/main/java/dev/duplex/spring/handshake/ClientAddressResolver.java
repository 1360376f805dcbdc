package dev.duplex.spring.handshake;

import dev.duplex.engine.ConnectionInfo;
import dev.duplex.engine.handshake.HandshakeRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the client behind a handshake. Behind a load balancer the TCP peer is the proxy, and the client is in the
 * {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For} header the proxies appended to; but anyone can send
 * those headers, so they are read only when the peer is a trusted proxy, and only as far back as the chain of
 * trusted proxies goes: walking the hops from the nearest, the first address that is not a trusted proxy is the
 * client. {@code Forwarded} wins when both headers are present. A hop that is no address literal (such as
 * {@code unknown}) ends the walk at the last address known.
 */
public final class ClientAddressResolver {

  /** Believes no header: the client is the TCP peer. */
  public static final ClientAddressResolver DIRECT = new ClientAddressResolver(TrustedProxies.NONE);

  private final TrustedProxies trusted;

  public ClientAddressResolver(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  public InetAddress resolve(HandshakeRequest request, ConnectionInfo connection) {
    InetAddress client = connection.remoteAddress().getAddress();
    if (trusted.isEmpty() || !trusted.contains(client)) {
      return client;
    }
    List<String> hops = hops(request);
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = IpLiterals.parse(hops.get(i));
      if (hop == null) {
        return client;
      }
      client = hop;
      if (!trusted.contains(hop)) {
        return hop;
      }
    }
    return client;
  }

  /** The forwarded-for hops, the client first and the nearest proxy last. */
  private static List<String> hops(HandshakeRequest request) {
    List<String> forwarded = request.headers().all("Forwarded");
    List<String> hops = new ArrayList<>();
    if (!forwarded.isEmpty()) {
      for (String header : forwarded) {
        for (String element : header.split(",")) {
          hops.add(forValue(element));
        }
      }
      return hops;
    }
    for (String header : request.headers().all("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    return hops;
  }

  /**
   * The node of the {@code for} parameter of one {@code Forwarded} element, without quotes, brackets or port;
   * an empty string when the element has none, which ends the walk.
   */
  private static String forValue(String element) {
    for (String pair : element.split(";")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("for")) {
        return node(pair.substring(equals + 1).strip());
      }
    }
    return "";
  }

  private static String node(String value) {
    String node = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      return close > 0 ? node.substring(1, close) : "";
    }
    int colon = node.indexOf(':');
    return colon >= 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
  }

  @Override
  public String toString() {
    return "ClientAddressResolver[trusted=" + trusted + "]";
  }
}
