package dev.duplex.spring.security;

import dev.duplex.engine.handshake.HandshakeResponse;
import dev.duplex.spring.handshake.HandshakeVerdict;
import dev.duplex.spring.handshake.WsHandshakeContext;
import dev.duplex.spring.handshake.WsHandshakeInterceptor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;

/**
 * Authenticates opening handshakes with bearer tokens, before the upgrade.
 *
 * <ul>
 *   <li>No token where the endpoint needs one: {@code 401} with {@code WWW-Authenticate: Bearer}, reason
 *       {@code missing_token} (unless the first-message source is on: then the session opens and must send its
 *       token first).
 *   <li>A token that does not verify: {@code 401} with {@code WWW-Authenticate: Bearer error="invalid_token"},
 *       reason {@code invalid_token}, also on endpoints where a token is optional.
 *   <li>A valid token without an authority the endpoint demands: {@code 403} with
 *       {@code WWW-Authenticate: Bearer error="insufficient_scope"}, reason {@code forbidden}.
 *   <li>Otherwise the session's principal is made from the token and stored under
 *       {@link WsHandshakeContext#PRINCIPAL_ATTRIBUTE}.
 * </ul>
 *
 * <p>Refusals are counted in {@link SecurityStats} and logged at debug level with their cause, never the token.
 */
public final class JwtHandshakeInterceptor implements WsHandshakeInterceptor, Ordered {

  /** Runs after the origin check. */
  public static final int ORDER = OriginHandshakeInterceptor.ORDER + 1000;

  private static final Logger log = LoggerFactory.getLogger(JwtHandshakeInterceptor.class);

  private static final HandshakeResponse MISSING = HandshakeResponse.reject(401, "a bearer token is required")
      .withHeader("WWW-Authenticate", "Bearer");
  private static final HandshakeResponse INVALID = HandshakeResponse.reject(401, "invalid token")
      .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  private static final HandshakeResponse FORBIDDEN = HandshakeResponse.reject(403, "insufficient authority")
      .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");

  private final TokenVerifier verifier;
  private final BearerTokenResolver resolver;
  private final TokenPrincipalFactory principals;
  private final SecurityStats stats;
  private final boolean requiredByDefault;
  private final boolean firstMessage;
  private final Map<Class<?>, EndpointSecurity> rules = new ConcurrentHashMap<>();

  /**
   * @param requiredByDefault {@code duplex.security.jwt.required}: whether endpoints without {@link WsSecured}
   *     need a token
   * @param firstMessage whether a session without a token in the handshake may send it as its first message
   */
  public JwtHandshakeInterceptor(TokenVerifier verifier, BearerTokenResolver resolver, TokenPrincipalFactory principals,
      SecurityStats stats, boolean requiredByDefault, boolean firstMessage) {
    this.verifier = verifier;
    this.resolver = resolver;
    this.principals = principals;
    this.stats = stats;
    this.requiredByDefault = requiredByDefault;
    this.firstMessage = firstMessage;
  }

  @Override
  public HandshakeVerdict beforeHandshake(WsHandshakeContext context) {
    EndpointSecurity rule = rule(context.endpointType());
    BearerTokenResolver.Found found = resolver.resolve(context.request());
    if (found == null) {
      if (!rule.required()) {
        return HandshakeVerdict.proceed();
      }
      if (firstMessage) {
        context.attributes().put(SecuredHandshake.ATTRIBUTE, new SecuredHandshake(rule, TokenSource.FIRST_MESSAGE,
            true));
        return HandshakeVerdict.proceed();
      }
      stats.record(SecurityStats.Event.TOKEN_MISSING);
      return HandshakeVerdict.refuse("missing_token", MISSING);
    }
    VerifiedToken token;
    try {
      token = verifier.verify(found.token());
    } catch (InvalidTokenException e) {
      stats.record(SecurityStats.Event.TOKEN_INVALID);
      stats.record(e.failure());
      log.debug("token from {} refused for {} from {}: {} ({})", found.source(), context.endpoint(),
          context.connection().remoteAddress(), e.failure().tag(), e.getMessage());
      return HandshakeVerdict.refuse("invalid_token", INVALID);
    }
    if (!rule.permits(token.authorities())) {
      stats.record(SecurityStats.Event.AUTHORITY_REFUSED);
      log.debug("{} lacks the authorities {} of {}", token.subject(), rule.authorities(), context.endpoint());
      return HandshakeVerdict.refuse("forbidden", FORBIDDEN);
    }
    stats.record(SecurityStats.Event.TOKEN_ACCEPTED);
    context.attributes().put(WsHandshakeContext.PRINCIPAL_ATTRIBUTE, principals.create(token));
    context.attributes().put(SecuredHandshake.ATTRIBUTE, new SecuredHandshake(rule, found.source(), false));
    return HandshakeVerdict.proceed();
  }

  /** The rules of an endpoint class, read once. */
  public EndpointSecurity rule(Class<?> endpointType) {
    if (endpointType == null) {
      return new EndpointSecurity(requiredByDefault, Set.of());
    }
    return rules.computeIfAbsent(endpointType, type -> EndpointSecurity.of(type, requiredByDefault));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "JwtHandshakeInterceptor[required=" + requiredByDefault + ", firstMessage=" + firstMessage + ", "
        + resolver + "]";
  }
}
