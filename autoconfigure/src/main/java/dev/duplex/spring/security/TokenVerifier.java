package dev.duplex.spring.security;

/**
 * Checks a bearer token: signature, algorithm, validity period, issuer, audience. Duplex provides one built on
 * jjwt from the {@code duplex.security.jwt.*} properties; define a bean of this type to verify tokens another way.
 *
 * <p>Called on I/O threads during handshakes and in-band refreshes, so it must not block.
 */
@FunctionalInterface
public interface TokenVerifier {

  /**
   * @throws InvalidTokenException when the token is not acceptable; its message must not contain the token
   */
  VerifiedToken verify(String token) throws InvalidTokenException;
}
