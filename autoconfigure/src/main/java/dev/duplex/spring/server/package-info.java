/**
 * The Duplex server inside a Spring application: its lifecycle (start when the context is ready, graceful
 * shutdown in batches), customizers, and start-up failure analysis.
 */
package dev.duplex.spring.server;
