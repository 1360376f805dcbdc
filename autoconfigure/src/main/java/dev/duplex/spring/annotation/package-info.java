/**
 * The annotations of the programming model: {@link dev.duplex.spring.annotation.WsEndpoint} beans and their
 * {@code @WsOpen}, {@code @WsHandler}, {@code @WsClose} and {@code @WsError} methods, and the parameter
 * annotations that bind path variables, payloads, handshake headers, query parameters and session attributes.
 */
package dev.duplex.spring.annotation;
