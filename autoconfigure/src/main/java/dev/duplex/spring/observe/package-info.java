/**
 * Hooks that hear what the Spring layer does with handshakes, sessions and messages: the SPI that metrics, and
 * any other bookkeeping an application wants, build on. Nothing here depends on Micrometer.
 */
package dev.duplex.spring.observe;
