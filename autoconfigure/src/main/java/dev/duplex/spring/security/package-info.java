/**
 * Security of WebSocket sessions: the origin policy and bearer tokens checked before the upgrade, token expiry and
 * in-band refresh during the session, and the Spring Security context around handler calls.
 *
 * <p>See {@code docs/security.md} for the conventions clients follow.
 */
package dev.duplex.spring.security;
