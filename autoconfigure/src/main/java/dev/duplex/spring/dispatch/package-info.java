/**
 * From frames to methods: endpoint discovery and mapping checks, path templates, the per-session listener that
 * decodes envelopes and routes them, ordered dispatch off the I/O threads, replies and error mapping.
 */
package dev.duplex.spring.dispatch;
