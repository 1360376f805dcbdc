/**
 * The sans-IO protocol core of RFC 6455: bytes in, events out; commands in, bytes out. No sockets, threads or
 * clocks, so every rule is tested by feeding bytes.
 */
package dev.duplex.engine.protocol;
