package dev.duplex.spring.security;

import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.security.Principal;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** An application with secured endpoints, shared by the end-to-end security tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import({SecuredApp.Chat.class, SecuredApp.Public.class, SecuredApp.Admin.class, SecuredApp.WithSubprotocol.class})
class SecuredApp {

  /** Tests on one cached context: tokens required everywhere, HS256 secret, issuer, audience, no clock skew. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @SpringBootTest(classes = SecuredApp.class, properties = {
      "duplex.server.port=0",
      "duplex.server.address=127.0.0.1",
      "duplex.security.jwt.secret=" + Tokens.SECRET,
      "duplex.security.jwt.required=true",
      "duplex.security.jwt.issuer=" + Tokens.ISSUER,
      "duplex.security.jwt.audiences=" + Tokens.AUDIENCE,
      "duplex.security.jwt.clock-skew=0s",
      "duplex.security.jwt.cookie.enabled=true",
      "duplex.security.jwt.cookie.name=session_token"})
  @interface Test {
  }

  /** What a handler saw of its caller. */
  record Identity(String name, List<String> authorities, String type) {

    static Identity of(Principal user) {
      if (user == null) {
        return new Identity("anonymous", List.of(), "none");
      }
      List<String> authorities = user instanceof Authentication authentication
          ? authentication.getAuthorities().stream().map(Object::toString).sorted().toList()
          : List.of();
      return new Identity(user.getName(), authorities, user.getClass().getSimpleName());
    }
  }

  /** Needs a token because tokens are required globally. */
  @WsEndpoint("/chat")
  static class Chat {

    @WsHandler("whoami")
    public Identity whoami(Principal user) {
      return Identity.of(user);
    }

    @WsHandler("authentication")
    public String authentication(Authentication authentication) {
      return authentication.getName();
    }

    @WsHandler("context")
    public String context() {
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      return authentication == null ? "none" : authentication.getName();
    }

    @WsHandler("admin.only")
    @PreAuthorize("hasAuthority('ROLE_ADMIN')")
    public String adminOnly() {
      return "granted";
    }
  }

  /** Opts out of the global requirement. */
  @WsSecured(required = false)
  @WsEndpoint("/public")
  static class Public {

    @WsHandler("whoami")
    public Identity whoami(Principal user) {
      return Identity.of(user);
    }

    @WsHandler("context")
    public String context() {
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      return authentication == null ? "none" : authentication.getName();
    }

    @WsHandler("members.only")
    @PreAuthorize("isAuthenticated()")
    public String membersOnly() {
      return "granted";
    }
  }

  /** Demands an authority. */
  @WsSecured(authorities = {"ROLE_ADMIN", "ops"})
  @WsEndpoint("/admin")
  static class Admin {

    @WsHandler("whoami")
    public Identity whoami(Principal user) {
      return Identity.of(user);
    }
  }

  /** Speaks a subprotocol of its own. */
  @WsEndpoint(value = "/proto", subprotocols = "chat.v1")
  static class WithSubprotocol {

    @WsHandler("whoami")
    public Identity whoami(Principal user) {
      return Identity.of(user);
    }
  }
}
