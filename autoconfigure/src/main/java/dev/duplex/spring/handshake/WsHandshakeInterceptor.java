package dev.duplex.spring.handshake;

/**
 * Looks at an opening handshake after its path matched an endpoint and before the upgrade, and lets it proceed
 * (possibly adding session attributes) or refuses it with an HTTP response. Register implementations as Spring
 * beans; they run in {@link org.springframework.core.Ordered} order and the first refusal ends the chain.
 *
 * <p>Interceptors run on the I/O thread that owns the connection, so they must not block.
 */
@FunctionalInterface
public interface WsHandshakeInterceptor {

  HandshakeVerdict beforeHandshake(WsHandshakeContext context);
}
