package dev.duplex.spring.security;

/**
 * Makes the session's principal from a verified token. The default is a {@link WsTokenAuthentication} when Spring
 * Security is on the class path, a {@link BasicTokenPrincipal} otherwise; define a bean to put more in it.
 */
@FunctionalInterface
public interface TokenPrincipalFactory {

  TokenPrincipal create(VerifiedToken token);
}
