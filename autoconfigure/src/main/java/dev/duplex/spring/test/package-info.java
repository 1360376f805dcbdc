/**
 * Support for testing applications built on Duplex: {@link dev.duplex.spring.test.DuplexTestClient}, a client
 * that speaks the envelope and fails tests with what it received.
 */
package dev.duplex.spring.test;
