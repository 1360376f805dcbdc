/**
 * The inbound message filter chain: {@link dev.duplex.spring.filter.WsFilter} beans that see every message
 * before dispatch and pass it, reject it with an {@code error} envelope, or close the session.
 */
package dev.duplex.spring.filter;
