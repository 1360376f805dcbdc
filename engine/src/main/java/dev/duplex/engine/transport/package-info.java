/**
 * The NIO transport: the server (N event loops, the first of which also accepts), the client, and the connection
 * that joins a socket to the protocol core with timers, outbound queues and flow control.
 */
package dev.duplex.engine.transport;
