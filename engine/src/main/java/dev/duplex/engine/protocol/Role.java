package dev.duplex.engine.protocol;

/**
 * Which end of a connection this protocol instance plays. The role decides masking (RFC 6455 section 5.3):
 * a client masks every frame it sends and the server rejects unmasked frames; the server never masks and the
 * client rejects masked frames.
 */
public enum Role {
  SERVER,
  CLIENT
}
