package dev.duplex.spring.dispatch;

import dev.duplex.spring.filter.WsFilter;
import dev.duplex.spring.handshake.ClientAddressResolver;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import java.util.List;
import java.util.Objects;

/**
 * What the router applies around endpoints: handshake interceptors, message filters, and how the client address
 * of a handshake is found.
 *
 * @param interceptors run on every matched handshake, in this order
 * @param filters see every inbound message of the endpoints they apply to, in this order
 * @param clientAddresses finds the client behind trusted proxies
 */
public record RouterSettings(List<WsHandshakeInterceptor> interceptors, List<WsFilter> filters,
    ClientAddressResolver clientAddresses) {

  public RouterSettings {
    interceptors = List.copyOf(interceptors);
    filters = List.copyOf(filters);
    Objects.requireNonNull(clientAddresses, "clientAddresses");
  }
}
