package dev.duplex.engine;

import java.net.InetSocketAddress;

/**
 * The TCP side of a connection whose handshake is being decided: who is at the other end, and whether the
 * connection is encrypted. Proxies change what these mean; see the application's trusted-proxy settings.
 *
 * @param remoteAddress the peer's address as the socket sees it
 * @param localAddress the address the connection arrived on
 * @param secure whether the connection runs over TLS
 */
public record ConnectionInfo(InetSocketAddress remoteAddress, InetSocketAddress localAddress, boolean secure) {
}
