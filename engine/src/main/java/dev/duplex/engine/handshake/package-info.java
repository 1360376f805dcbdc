/**
 * The WebSocket opening handshake (<a href="https://www.rfc-editor.org/rfc/rfc6455#section-4">RFC 6455 section
 * 4</a>), sans-IO: parsers take bytes and return results, validators take parsed heads and return outcomes, and
 * responses turn into bytes. Nothing here touches a socket, a thread or a clock, and nothing the peer sends makes
 * these classes throw: bad input becomes an HTTP refusal (server) or a failure (client).
 */
package dev.duplex.engine.handshake;
