/**
 * Actuator support: the {@code duplex} endpoint (state, endpoints, rooms, limits, sessions, closing a session)
 * and the {@code duplex} health contributor. Wired by {@code DuplexActuatorAutoConfiguration}; exposed only as
 * Actuator's own exposure and security settings allow.
 */
package dev.duplex.spring.actuate;
