/**
 * Sending: the JSON envelope, {@link dev.duplex.spring.messaging.WsMessenger} for sessions, users, rooms and
 * everyone, per-type delivery policies, and the error replies handlers produce.
 */
package dev.duplex.spring.messaging;
