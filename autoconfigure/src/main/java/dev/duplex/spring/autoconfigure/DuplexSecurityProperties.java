package dev.duplex.spring.autoconfigure;

import dev.duplex.spring.security.jjwt.JwsAlgorithms;
import dev.duplex.spring.security.jjwt.PemPublicKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Security of the Duplex server: bearer tokens (JWT) checked at the handshake and during the session, and the
 * handling of requests without {@code Origin}. The allowed origins themselves are {@code duplex.allowed-origins}.
 *
 * <p>Each value is checked at start-up; a bad one fails it with a message naming the property. The secret is never
 * part of such a message.
 */
@ConfigurationProperties("duplex.security")
public class DuplexSecurityProperties implements Validator {

  private static final String PREFIX = "duplex.security.";

  private final Origin origin = new Origin();
  private final Jwt jwt = new Jwt();

  public Origin getOrigin() {
    return origin;
  }

  public Jwt getJwt() {
    return jwt;
  }

  @Override
  public boolean supports(Class<?> type) {
    return DuplexSecurityProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    ((DuplexSecurityProperties) target).jwt.validate(errors);
  }

  /** Handshakes and their {@code Origin} header. */
  public static class Origin {

    /**
     * Whether a handshake without an Origin header is accepted. Browsers always send one, so such a request comes
     * from a non-browser client, which cannot carry a victim's cookies.
     */
    private boolean allowMissing = true;

    public boolean isAllowMissing() {
      return allowMissing;
    }

    public void setAllowMissing(boolean allowMissing) {
      this.allowMissing = allowMissing;
    }
  }

  /** Bearer tokens (signed JWTs) that authenticate sessions. On when a secret or a public key is configured. */
  public static class Jwt {

    /** Whether every endpoint needs a token, unless it opts out with @WsSecured(required = false). */
    private boolean required;

    /** HMAC secret (HS256, HS384, HS512); its UTF-8 bytes are the key, at least 32 bytes (256 bits). */
    private String secret;

    /**
     * Location of a PEM file with the RSA, EC or EdDSA public keys (PUBLIC KEY or CERTIFICATE blocks) that verify
     * token signatures; several blocks for a key rotation.
     */
    private Resource publicKeyLocation;

    /** Signature algorithms accepted, such as HS256 or RS256; every algorithm the key supports when empty. */
    private List<String> algorithms = new ArrayList<>();

    /** Issuer (iss) a token must name; any issuer when not set. */
    private String issuer;

    /** Audiences (aud) of which a token must name at least one; any audience when empty. */
    private List<String> audiences = new ArrayList<>();

    /** Tolerance for clock differences on exp and nbf, also added to exp before a session is closed. */
    private Duration clockSkew = Duration.ofSeconds(60);

    /** Whether a token without exp is refused. */
    private boolean requireExpiration;

    /** Claim holding the authorities: a JSON array of strings or a space-separated string. */
    private String authoritiesClaim = "authorities";

    /** Prefix added to each authority read from the claim, such as SCOPE_ or ROLE_. */
    private String authorityPrefix = "";

    private final Source header = new Source();
    private final Source query = new Source();
    private final Source subprotocol = new Source();
    private final Cookie cookie = new Cookie();
    private final FirstMessage firstMessage = new FirstMessage();
    private final Refresh refresh = new Refresh();

    public boolean isRequired() {
      return required;
    }

    public void setRequired(boolean required) {
      this.required = required;
    }

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public Resource getPublicKeyLocation() {
      return publicKeyLocation;
    }

    public void setPublicKeyLocation(Resource publicKeyLocation) {
      this.publicKeyLocation = publicKeyLocation;
    }

    public List<String> getAlgorithms() {
      return algorithms;
    }

    public void setAlgorithms(List<String> algorithms) {
      this.algorithms = algorithms;
    }

    public String getIssuer() {
      return issuer;
    }

    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    public List<String> getAudiences() {
      return audiences;
    }

    public void setAudiences(List<String> audiences) {
      this.audiences = audiences;
    }

    public Duration getClockSkew() {
      return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
      this.clockSkew = clockSkew;
    }

    public boolean isRequireExpiration() {
      return requireExpiration;
    }

    public void setRequireExpiration(boolean requireExpiration) {
      this.requireExpiration = requireExpiration;
    }

    public String getAuthoritiesClaim() {
      return authoritiesClaim;
    }

    public void setAuthoritiesClaim(String authoritiesClaim) {
      this.authoritiesClaim = authoritiesClaim;
    }

    public String getAuthorityPrefix() {
      return authorityPrefix;
    }

    public void setAuthorityPrefix(String authorityPrefix) {
      this.authorityPrefix = authorityPrefix;
    }

    /** The Authorization: Bearer header. */
    public Source getHeader() {
      return header;
    }

    /** The access_token query parameter; redacted wherever the request target is logged or shown. */
    public Source getQuery() {
      return query;
    }

    /** An access_token.TOKEN entry of Sec-WebSocket-Protocol, for browsers; never echoed. */
    public Source getSubprotocol() {
      return subprotocol;
    }

    public Cookie getCookie() {
      return cookie;
    }

    public FirstMessage getFirstMessage() {
      return firstMessage;
    }

    public Refresh getRefresh() {
      return refresh;
    }

    /** Whether a key is configured, which switches token verification on. */
    public boolean hasKey() {
      return secret != null || publicKeyLocation != null;
    }

    /** The secret as a key, or the public keys read from the PEM location. */
    public List<? extends Key> keys() throws IOException {
      if (secret != null) {
        return List.of(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      }
      try (InputStream in = publicKeyLocation.getInputStream()) {
        return PemPublicKeys.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }

    /** The public keys of the PEM location. */
    public List<PublicKey> publicKeys() throws IOException {
      return keys().stream().map(PublicKey.class::cast).toList();
    }

    void validate(Errors errors) {
      List<? extends Key> keys = validateKeys(errors);
      if (keys != null && algorithms != null) {
        for (int i = 0; i < algorithms.size(); i++) {
          String algorithm = algorithms.get(i);
          String field = "jwt.algorithms[" + i + "]";
          if (!JwsAlgorithms.KNOWN.contains(algorithm)) {
            errors.rejectValue(field, "unknown", PREFIX + field + " must be one of " + JwsAlgorithms.KNOWN
                + ", was " + algorithm);
          } else if (keys.stream().noneMatch(key -> JwsAlgorithms.fits(key, algorithm))) {
            errors.rejectValue(field, "keyMismatch", PREFIX + field + " (" + algorithm
                + ") does not fit the configured key, which supports " + JwsAlgorithms.supportedBy(keys));
          }
        }
      }
      if (clockSkew == null || clockSkew.isNegative()) {
        errors.rejectValue("jwt.clock-skew", "notNegative", PREFIX + "jwt.clock-skew must not be negative, was "
            + clockSkew);
      }
      if (authoritiesClaim == null || authoritiesClaim.isBlank()) {
        errors.rejectValue("jwt.authorities-claim", "required", PREFIX + "jwt.authorities-claim must be set");
      }
      if (cookie.enabled && (cookie.name == null || !cookie.name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"))) {
        errors.rejectValue("jwt.cookie.name", "token", PREFIX + "jwt.cookie.name must be a cookie name, was "
            + cookie.name);
      }
      Duration timeout = firstMessage.timeout;
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        errors.rejectValue("jwt.first-message.timeout", "positive", PREFIX
            + "jwt.first-message.timeout must be positive, was " + timeout);
      }
    }

    /** Checks the secret or the key location; the keys when they are usable, else {@code null}. */
    private List<? extends Key> validateKeys(Errors errors) {
      if (secret != null && publicKeyLocation != null) {
        errors.reject("keyConflict", PREFIX + "jwt.secret and " + PREFIX + "jwt.public-key-location must not both"
            + " be set");
        return null;
      }
      if (secret != null) {
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < JwsAlgorithms.MIN_SECRET_BYTES) {
          // A global error: a field error would print the rejected value, the secret.
          errors.reject("weakSecret", PREFIX + "jwt.secret must be at least 256 bits (32 bytes of UTF-8), was "
              + bytes * 8 + " bits");
          return null;
        }
      }
      if (publicKeyLocation != null) {
        if (!publicKeyLocation.exists()) {
          errors.rejectValue("jwt.public-key-location", "missing", PREFIX + "jwt.public-key-location does not exist: "
              + publicKeyLocation.getDescription());
          return null;
        }
        try {
          return keys();
        } catch (IOException | IllegalArgumentException e) {
          errors.rejectValue("jwt.public-key-location", "unreadable", PREFIX + "jwt.public-key-location ("
              + publicKeyLocation.getDescription() + ") holds no usable public key: " + e.getMessage());
          return null;
        }
      }
      return secret != null ? List.of(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
          : null;
    }
  }

  /** A token source that is on unless switched off: the header, the query parameter or the subprotocol. */
  public static class Source {

    /** Whether tokens are read from this source. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** A cookie as token source; off by default, since a cookie is sent by every page the browser opens. */
  public static class Cookie {

    /** Whether the token is read from a cookie. */
    private boolean enabled;

    /** Name of the cookie holding the token. */
    private String name = "access_token";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  /**
   * The first message as token source, for clients that must not put tokens in URLs: a session of an endpoint that
   * needs a token, opened without one, must send {"type":"auth","data":{"token":"..."}} first, else it is closed
   * with 1008.
   */
  public static class FirstMessage {

    /** Whether a session may bring its token in its first message. */
    private boolean enabled;

    /** Time a session has to send its first-message token. */
    private Duration timeout = Duration.ofSeconds(10);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** In-band refresh: {"type":"auth.refresh","data":{"token":"..."}} replaces a session's token before it expires. */
  public static class Refresh {

    /** Whether sessions may refresh their token in band. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
