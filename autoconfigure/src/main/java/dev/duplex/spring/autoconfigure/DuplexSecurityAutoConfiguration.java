package dev.duplex.spring.autoconfigure;

import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.dispatch.EndpointRegistry;
import dev.duplex.spring.messaging.EnvelopeCodec;
import dev.duplex.spring.security.BasicTokenPrincipal;
import dev.duplex.spring.security.BearerTokenResolver;
import dev.duplex.spring.security.EndpointSecurity;
import dev.duplex.spring.security.JwtHandshakeInterceptor;
import dev.duplex.spring.security.OriginHandshakeInterceptor;
import dev.duplex.spring.security.OriginPolicy;
import dev.duplex.spring.security.SecuredHandshakeHandler;
import dev.duplex.spring.security.SecurityContextInvocationInterceptor;
import dev.duplex.spring.security.SecurityStats;
import dev.duplex.spring.security.TokenPrincipalFactory;
import dev.duplex.spring.security.TokenRefreshCheck;
import dev.duplex.spring.security.TokenSessions;
import dev.duplex.spring.security.TokenVerifier;
import dev.duplex.spring.security.WsTokenAuthentication;
import dev.duplex.spring.security.jjwt.JjwtTokenVerifier;
import dev.duplex.spring.server.DuplexServerCustomizer;
import dev.duplex.spring.session.SessionRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Security of the Duplex server: the origin policy on every handshake; bearer tokens (JWT, verified with jjwt)
 * when {@code duplex.security.jwt.secret} or {@code duplex.security.jwt.public-key-location} is set, with expiry
 * and in-band refresh during the session; and, with Spring Security on the class path, the session's
 * {@code Authentication} in the security context while handlers run. Every bean backs off when the application
 * defines its own. See {@code docs/security.md}.
 */
@AutoConfiguration(after = DuplexAutoConfiguration.class)
@EnableConfigurationProperties({DuplexProperties.class, DuplexSecurityProperties.class})
public final class DuplexSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SecurityStats duplexSecurityStats() {
    return new SecurityStats();
  }

  @Bean
  @ConditionalOnMissingBean
  OriginHandshakeInterceptor duplexOriginInterceptor(DuplexProperties properties,
      DuplexSecurityProperties security, SecurityStats stats) {
    boolean allowMissing = security.getOrigin().isAllowMissing();
    List<String> allowed = properties.getAllowedOrigins();
    if (allowed == null) {
      return new OriginHandshakeInterceptor(OriginPolicy.sameHost(allowMissing), stats);
    }
    try {
      return new OriginHandshakeInterceptor(OriginPolicy.allowList(allowed, allowMissing), stats);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException("duplex.allowed-origins", allowed, e.getMessage());
    }
  }

  // Nested configurations are ordered: the token ones look for a TokenVerifier bean defined before them.

  /** The principal of a token session: an {@code Authentication} when Spring Security is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.Authentication")
  @Order(1)
  static class SpringSecurityConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TokenPrincipalFactory duplexTokenPrincipalFactory() {
      return WsTokenAuthentication::new;
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityContextInvocationInterceptor duplexSecurityContextInterceptor(SecurityStats stats) {
      return new SecurityContextInvocationInterceptor(stats);
    }
  }

  /** The token verifier on jjwt, from the {@code duplex.security.jwt.*} properties. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.jsonwebtoken.Jwts")
  @Conditional(OnJwtKey.class)
  @Order(2)
  static class JjwtConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TokenVerifier duplexTokenVerifier(DuplexSecurityProperties security) throws IOException {
      DuplexSecurityProperties.Jwt jwt = security.getJwt();
      JjwtTokenVerifier.Options options = new JjwtTokenVerifier.Options(new LinkedHashSet<>(jwt.getAlgorithms()),
          jwt.getIssuer(), jwt.getAudiences(), jwt.getClockSkew(), jwt.isRequireExpiration(),
          jwt.getAuthoritiesClaim(), jwt.getAuthorityPrefix(), Clock.systemUTC());
      return jwt.getSecret() != null
          ? JjwtTokenVerifier.hmac(jwt.getSecret().getBytes(StandardCharsets.UTF_8), options)
          : JjwtTokenVerifier.publicKeys(jwt.publicKeys(), options);
    }
  }

  /** Token authentication at the handshake, expiry and refresh, once some verifier exists. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(TokenVerifier.class)
  @Order(3)
  static class TokenConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TokenPrincipalFactory duplexBasicTokenPrincipalFactory() {
      return BasicTokenPrincipal::new;
    }

    @Bean
    @ConditionalOnMissingBean
    JwtHandshakeInterceptor duplexJwtHandshakeInterceptor(TokenVerifier verifier, TokenPrincipalFactory principals,
        SecurityStats stats, DuplexSecurityProperties security) {
      DuplexSecurityProperties.Jwt jwt = security.getJwt();
      BearerTokenResolver resolver = new BearerTokenResolver(jwt.getHeader().isEnabled(),
          jwt.getSubprotocol().isEnabled(), jwt.getQuery().isEnabled(),
          jwt.getCookie().isEnabled() ? jwt.getCookie().getName() : null);
      return new JwtHandshakeInterceptor(verifier, resolver, principals, stats, jwt.isRequired(),
          jwt.getFirstMessage().isEnabled());
    }

    @Bean
    @ConditionalOnMissingBean
    TokenSessions duplexTokenSessions(TokenVerifier verifier, TokenPrincipalFactory principals, SecurityStats stats,
        EnvelopeCodec codec, SessionRegistry registry, ObjectProvider<TokenRefreshCheck> refreshChecks,
        DuplexSecurityProperties security) {
      DuplexSecurityProperties.Jwt jwt = security.getJwt();
      return new TokenSessions(verifier, principals, stats, codec, registry, refreshChecks.orderedStream().toList(),
          new TokenSessions.Settings(jwt.getClockSkew(), jwt.getFirstMessage().getTimeout(),
              jwt.getRefresh().isEnabled(), Clock.systemUTC()));
    }

    /** Puts {@link SecuredHandshakeHandler} in front of the endpoint router. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    DuplexServerCustomizer duplexSecuredHandshakeCustomizer(EndpointRegistry endpoints, TokenSessions sessions) {
      return builder -> builder.handler(new SecuredHandshakeHandler(endpoints.router(), sessions));
    }
  }

  /** Without a verifier, fails start-up when an endpoint needs a token, instead of refusing every session. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(TokenVerifier.class)
  @Order(4)
  static class NoTokenConfiguration {

    @Bean
    static SmartInitializingSingleton duplexTokenRequirementCheck(ListableBeanFactory beans,
        ObjectProvider<DuplexSecurityProperties> security) {
      return () -> {
        DuplexSecurityProperties.Jwt jwt = security.getObject().getJwt();
        String remedy = "set duplex.security.jwt.secret or duplex.security.jwt.public-key-location";
        if (jwt.isRequired()) {
          throw new InvalidConfigurationPropertyValueException("duplex.security.jwt.required", true,
              "tokens are required but cannot be verified: " + remedy);
        }
        for (String name : beans.getBeanNamesForAnnotation(WsEndpoint.class)) {
          Class<?> type = beans.getType(name);
          if (type != null && EndpointSecurity.of(ClassUtils.getUserClass(type), false).required()) {
            throw new InvalidConfigurationPropertyValueException("duplex.security.jwt.secret", null,
                "endpoint " + type.getName() + " is @WsSecured but tokens cannot be verified: " + remedy);
          }
        }
      };
    }
  }

  /** A secret or a public key location is set. */
  static final class OnJwtKey extends AnyNestedCondition {

    OnJwtKey() {
      super(ConfigurationCondition.ConfigurationPhase.PARSE_CONFIGURATION);
    }

    @ConditionalOnProperty(prefix = "duplex.security.jwt", name = "secret")
    static final class Secret {
    }

    @ConditionalOnProperty(prefix = "duplex.security.jwt", name = "public-key-location")
    static final class PublicKey {
    }
  }
}
