package dev.duplex.spring.security;

/**
 * The session attribute that marks a session as token-authenticated (or waiting for its first-message token), so
 * that {@link SecuredHandshakeHandler} gives it expiry and refresh.
 *
 * @param endpoint the endpoint's rules, checked again on refresh
 * @param source where the token came from
 * @param pending whether the token is still to come in the first message
 */
public record SecuredHandshake(EndpointSecurity endpoint, TokenSource source, boolean pending) {

  /** Name of the session attribute holding this. */
  public static final String ATTRIBUTE = SecuredHandshake.class.getName();
}
