/**
 * Decisions before the upgrade: the ordered {@link dev.duplex.spring.handshake.WsHandshakeInterceptor} SPI that
 * security, origin checks and connection limits build on.
 */
package dev.duplex.spring.handshake;
