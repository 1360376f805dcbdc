/**
 * The NIO transport: the server (one acceptor, N event loops), the client, and the connection that joins a socket
 * to the protocol core with timers, outbound queues and flow control.
 */
package dev.duplex.engine.transport;
