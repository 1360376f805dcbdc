/**
 * Argument resolution for handler methods: the open {@link dev.duplex.spring.resolve.WsArgumentResolver} SPI and
 * the resolvers Duplex registers itself. Every parameter is matched to exactly one resolver at start-up.
 */
package dev.duplex.spring.resolve;
