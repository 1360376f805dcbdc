package dev.duplex.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.autoconfigure.DuplexSecurityAutoConfiguration;
import dev.duplex.spring.security.jjwt.JjwtTokenVerifier;
import dev.duplex.spring.server.DuplexServerCustomizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class DuplexSecurityAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class, DuplexSecurityAutoConfiguration.class,
          JacksonAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1");

  @TempDir
  Path directory;

  @Test
  void withoutAKeyTheOriginPolicyAndTheSecurityContextAreConfiguredButNoTokens() {
    runner.run(context -> {
      assertThat(context).hasNotFailed()
          .hasSingleBean(SecurityStats.class)
          .hasSingleBean(OriginHandshakeInterceptor.class)
          .hasSingleBean(SecurityContextInvocationInterceptor.class)
          .doesNotHaveBean(TokenVerifier.class)
          .doesNotHaveBean(JwtHandshakeInterceptor.class)
          .doesNotHaveBean(TokenSessions.class);
      assertThat(context.getBean(OriginHandshakeInterceptor.class).policy()).hasToString(
          "OriginPolicy[same host, no Origin allowed]");
    });
  }

  @Test
  void aSecretSwitchesTokensOn() {
    runner.withPropertyValues("duplex.security.jwt.secret=" + Tokens.SECRET).run(context -> {
      assertThat(context).hasNotFailed()
          .hasSingleBean(JwtHandshakeInterceptor.class)
          .hasSingleBean(TokenSessions.class)
          .hasSingleBean(DuplexServerCustomizer.class);
      assertThat(context.getBean(TokenVerifier.class)).isInstanceOfSatisfying(JjwtTokenVerifier.class,
          verifier -> assertThat(verifier.algorithms()).containsExactly("HS256"));
      VerifiedToken token = new VerifiedToken("alice", null, Set.of("a"), Map.of());
      assertThat(context.getBean(TokenPrincipalFactory.class).create(token)).isInstanceOf(WsTokenAuthentication.class);
    });
  }

  @Test
  void aShortSecretFailsStartUpNamingThePropertyButNotTheSecret() {
    runner.withPropertyValues("duplex.security.jwt.secret=only-twenty-six-bytes-long").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains("duplex.security.jwt.secret must be at least 256 bits")
          .contains("was 208 bits").doesNotContain("only-twenty-six-bytes-long");
    });
  }

  @Test
  void aMissingKeyFileFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.security.jwt.public-key-location=file:" + directory.resolve("absent.pem"))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context)).contains("duplex.security.jwt.public-key-location does not exist");
        });
  }

  @Test
  void aKeyFileWithoutAKeyFailsStartUpNamingTheProperty() throws IOException {
    Path pem = Files.writeString(directory.resolve("empty.pem"), "not a key");
    runner.withPropertyValues("duplex.security.jwt.public-key-location=file:" + pem).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains("duplex.security.jwt.public-key-location")
          .contains("holds no usable public key");
    });
  }

  @Test
  void aPemPublicKeyVerifiesRsaTokens() throws IOException {
    Path pem = Files.writeString(directory.resolve("rsa.pem"), Tokens.pem(Tokens.rsaKeyPair().getPublic()));
    runner.withPropertyValues("duplex.security.jwt.public-key-location=file:" + pem,
        "duplex.security.jwt.algorithms=RS256,PS256").run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(JjwtTokenVerifier.class).algorithms()).containsExactlyInAnyOrder("RS256",
              "PS256");
        });
  }

  @Test
  void aSecretAndAPublicKeyTogetherFailStartUp() throws IOException {
    Path pem = Files.writeString(directory.resolve("rsa.pem"), Tokens.pem(Tokens.rsaKeyPair().getPublic()));
    runner.withPropertyValues("duplex.security.jwt.secret=" + Tokens.SECRET,
        "duplex.security.jwt.public-key-location=file:" + pem).run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context)).contains("duplex.security.jwt.secret and "
              + "duplex.security.jwt.public-key-location must not both be set");
        });
  }

  @Test
  void anAlgorithmTheKeyCannotVerifyFailsStartUp() {
    runner.withPropertyValues("duplex.security.jwt.secret=" + Tokens.SECRET, "duplex.security.jwt.algorithms=HS512")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context)).contains("duplex.security.jwt.algorithms[0] (HS512) does not fit");
        });
  }

  @Test
  void algNoneCannotBeAllowed() {
    runner.withPropertyValues("duplex.security.jwt.secret=" + Tokens.SECRET, "duplex.security.jwt.algorithms=none")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context)).contains("duplex.security.jwt.algorithms[0] must be one of");
        });
  }

  @Test
  void requiredTokensWithoutAKeyFailStartUp() {
    runner.withPropertyValues("duplex.security.jwt.required=true").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains("duplex.security.jwt.required")
          .contains("set duplex.security.jwt.secret or duplex.security.jwt.public-key-location");
    });
  }

  @Test
  void aSecuredEndpointWithoutAKeyFailsStartUp() {
    runner.withUserConfiguration(SecuredEndpointConfiguration.class).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains(SecuredEndpoint.class.getName() + " is @WsSecured");
    });
  }

  @Test
  void aMalformedAllowedOriginFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("duplex.allowed-origins=https://ok.example,app.example.com").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains("duplex.allowed-origins").contains("[1] 'app.example.com'");
    });
  }

  @Test
  void withoutJjwtNoTokenVerifierIsConfigured() {
    runner.withClassLoader(new FilteredClassLoader("io.jsonwebtoken"))
        .withPropertyValues("duplex.security.jwt.secret=" + Tokens.SECRET).run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(TokenVerifier.class)
              .hasSingleBean(OriginHandshakeInterceptor.class);
        });
  }

  @Test
  void withoutSpringSecurityThePrincipalIsAPlainTokenPrincipal() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .withPropertyValues("duplex.security.jwt.secret=" + Tokens.SECRET).run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(SecurityContextInvocationInterceptor.class)
              .hasSingleBean(JwtHandshakeInterceptor.class);
          VerifiedToken token = new VerifiedToken("alice", null, Set.of("a"), Map.of());
          assertThat(context.getBean(TokenPrincipalFactory.class).create(token))
              .isInstanceOf(BasicTokenPrincipal.class);
        });
  }

  @Test
  void anApplicationsVerifierIsUsedInsteadOfJjwt() {
    runner.withUserConfiguration(OwnVerifierConfiguration.class).withPropertyValues("duplex.security.jwt.required=true")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(JwtHandshakeInterceptor.class);
          assertThat(context.getBean(TokenVerifier.class)).isNotInstanceOf(JjwtTokenVerifier.class);
        });
  }

  private static String messages(AssertableApplicationContext context) {
    StringBuilder all = new StringBuilder();
    for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
      all.append(cause.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Configuration(proxyBeanMethods = false)
  static class SecuredEndpointConfiguration {

    @Bean
    SecuredEndpoint securedEndpoint() {
      return new SecuredEndpoint();
    }
  }

  @WsSecured
  @WsEndpoint("/secured")
  static class SecuredEndpoint {

    @WsHandler("ping")
    String ping() {
      return "pong";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnVerifierConfiguration {

    @Bean
    TokenVerifier ownVerifier() {
      return token -> new VerifiedToken(token, null, Set.of(), Map.of());
    }
  }
}
