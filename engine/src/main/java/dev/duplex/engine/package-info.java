/**
 * The engine's public API: sessions, listeners, handshake decisions, configuration and close statuses, shared by
 * the server and the client.
 */
package dev.duplex.engine;
