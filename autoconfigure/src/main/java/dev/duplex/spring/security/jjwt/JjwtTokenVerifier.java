package dev.duplex.spring.security.jjwt;

import dev.duplex.spring.security.InvalidTokenException;
import dev.duplex.spring.security.TokenFailure;
import dev.duplex.spring.security.TokenVerifier;
import dev.duplex.spring.security.VerifiedToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact signed JWTs (JWS, RFC 7515 and 7519) with jjwt: the algorithm against an allow-list
 * ({@code alg: none} is never accepted, nor are encrypted or compressed tokens), the signature with an HMAC secret or
 * one of several public keys, {@code exp} and {@code nbf} with a clock skew, then issuer, audience and subject. The
 * authorities are read from a configurable claim, a JSON array of strings or a space-separated string (the OAuth
 * {@code scope} format).
 *
 * <p>Failures carry a {@link TokenFailure} and a short message that never quotes the token.
 */
public final class JjwtTokenVerifier implements TokenVerifier {

  private static final JacksonJwtDeserializer HEADER_READER = new JacksonJwtDeserializer();

  private final List<JwtParser> parsers;
  private final Options options;
  private final Set<String> algorithms;

  /**
   * What a token must satisfy besides its signature.
   *
   * @param algorithms the allowed algorithms; empty for every algorithm the keys support
   * @param issuer the required {@code iss}; {@code null} for any
   * @param audiences of which {@code aud} must name one; empty for any
   * @param clockSkew tolerance on {@code exp} and {@code nbf}
   * @param requireExpiration whether a token without {@code exp} is refused
   * @param authoritiesClaim the claim holding the authorities
   * @param authorityPrefix prepended to each authority, such as {@code SCOPE_}
   */
  public record Options(Set<String> algorithms, String issuer, List<String> audiences, Duration clockSkew,
      boolean requireExpiration, String authoritiesClaim, String authorityPrefix, Clock clock) {

    public Options {
      algorithms = Set.copyOf(algorithms);
      audiences = List.copyOf(audiences);
      Objects.requireNonNull(clockSkew, "clockSkew");
      Objects.requireNonNull(authoritiesClaim, "authoritiesClaim");
      authorityPrefix = authorityPrefix == null ? "" : authorityPrefix;
      Objects.requireNonNull(clock, "clock");
    }
  }

  private JjwtTokenVerifier(List<? extends Key> keys, Options options) {
    Set<String> supported = JwsAlgorithms.supportedBy(keys);
    Set<String> allowed = options.algorithms().isEmpty() ? supported : new LinkedHashSet<>(options.algorithms());
    for (String algorithm : allowed) {
      if (!supported.contains(algorithm)) {
        throw new IllegalArgumentException("algorithm " + algorithm + " does not fit the configured key"
            + (keys.size() > 1 ? "s" : "") + "; they support " + supported);
      }
    }
    this.algorithms = Set.copyOf(allowed);
    this.options = options;
    List<JwtParser> built = new ArrayList<>(keys.size());
    for (Key key : keys) {
      built.add(parser(key));
    }
    this.parsers = List.copyOf(built);
  }

  /**
   * Verifies with an HMAC secret.
   *
   * @throws IllegalArgumentException when the secret is shorter than 256 bits or an algorithm does not fit it
   */
  public static JjwtTokenVerifier hmac(byte[] secret, Options options) {
    if (secret.length < JwsAlgorithms.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("an HMAC secret needs at least 256 bits, was " + secret.length * 8);
    }
    return new JjwtTokenVerifier(List.of(new SecretKeySpec(secret, "HmacSHA256")), options);
  }

  /**
   * Verifies with public keys; a token is valid when one of them verifies its signature.
   *
   * @throws IllegalArgumentException when there is no key or an algorithm fits none
   */
  public static JjwtTokenVerifier publicKeys(List<PublicKey> keys, Options options) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no public key");
    }
    return new JjwtTokenVerifier(keys, options);
  }

  private JwtParser parser(Key key) {
    return Jwts.parser()
        .json(new JacksonJwtDeserializer())
        .clock(() -> Date.from(options.clock().instant()))
        .clockSkewSeconds(options.clockSkew().toSeconds())
        .zip().clear().and()
        .keyLocator(header -> locate(header, key))
        .build();
  }

  /** The key for a token: only for an allowed algorithm that fits it, under the algorithm's own JCA name. */
  private Key locate(Header header, Key key) {
    String algorithm = header instanceof ProtectedHeader protectedHeader ? protectedHeader.getAlgorithm() : null;
    if (algorithm == null || !algorithms.contains(algorithm)) {
      throw new AlgorithmNotAllowed();
    }
    if (!JwsAlgorithms.fits(key, algorithm)) {
      throw new KeyDoesNotFit();
    }
    if (key instanceof SecretKeySpec secret) {
      return new SecretKeySpec(secret.getEncoded(), "HmacSHA" + algorithm.substring(2));
    }
    return key;
  }

  @Override
  public VerifiedToken verify(String token) throws InvalidTokenException {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException(TokenFailure.MALFORMED, "empty token");
    }
    String algorithm = algorithmOf(token);
    if (!algorithms.contains(algorithm)) {
      throw new InvalidTokenException(TokenFailure.ALGORITHM, "algorithm not allowed");
    }
    Claims claims = null;
    boolean signatureFailed = false;
    for (JwtParser parser : parsers) {
      try {
        claims = parser.parseSignedClaims(token).getPayload();
        break;
      } catch (KeyDoesNotFit next) {
        // another key may fit
      } catch (SignatureException next) {
        signatureFailed = true;
      } catch (AlgorithmNotAllowed e) {
        throw new InvalidTokenException(TokenFailure.ALGORITHM, "algorithm not allowed");
      } catch (ExpiredJwtException e) {
        throw new InvalidTokenException(TokenFailure.EXPIRED, "expired");
      } catch (PrematureJwtException e) {
        throw new InvalidTokenException(TokenFailure.NOT_YET_VALID, "not yet valid");
      } catch (io.jsonwebtoken.security.SecurityException e) {
        throw new InvalidTokenException(TokenFailure.BAD_SIGNATURE, "key does not verify the token");
      } catch (JwtException | IllegalArgumentException e) {
        throw new InvalidTokenException(TokenFailure.MALFORMED, "malformed token");
      }
    }
    if (claims == null) {
      throw signatureFailed
          ? new InvalidTokenException(TokenFailure.BAD_SIGNATURE, "signature does not verify")
          : new InvalidTokenException(TokenFailure.ALGORITHM, "no configured key fits the algorithm");
    }
    return toVerified(claims);
  }

  /**
   * The {@code alg} of the token's header, read before jjwt parses the token, so that {@code none} and algorithms
   * that are not allowed are told apart from tokens jjwt refuses for other reasons (encrypted, compressed, a payload
   * that is not a JSON object with unique member names).
   */
  private static String algorithmOf(String token) throws InvalidTokenException {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      throw new InvalidTokenException(TokenFailure.MALFORMED, "not a compact JWT");
    }
    Object algorithm;
    try {
      byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
      algorithm = HEADER_READER.deserialize(new StringReader(new String(header, StandardCharsets.UTF_8))).get("alg");
    } catch (RuntimeException e) {
      throw new InvalidTokenException(TokenFailure.MALFORMED, "header is not base64url JSON");
    }
    if (!(algorithm instanceof String name)) {
      throw new InvalidTokenException(TokenFailure.MALFORMED, "header has no alg");
    }
    return name;
  }

  private VerifiedToken toVerified(Claims claims) throws InvalidTokenException {
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new InvalidTokenException(TokenFailure.MISSING_CLAIM, "no sub claim");
    }
    Date expiration = claims.getExpiration();
    if (expiration == null && options.requireExpiration()) {
      throw new InvalidTokenException(TokenFailure.MISSING_CLAIM, "no exp claim");
    }
    if (options.issuer() != null && !options.issuer().equals(claims.getIssuer())) {
      throw new InvalidTokenException(TokenFailure.WRONG_ISSUER, "wrong issuer");
    }
    if (!options.audiences().isEmpty()) {
      Set<String> audience = claims.getAudience();
      if (audience == null || audience.stream().noneMatch(options.audiences()::contains)) {
        throw new InvalidTokenException(TokenFailure.WRONG_AUDIENCE, "wrong audience");
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    claims.forEach((name, value) -> {
      if (value != null) {
        values.put(name, value);
      }
    });
    Instant expiresAt = expiration == null ? null : expiration.toInstant();
    return new VerifiedToken(subject, expiresAt, authorities(claims.get(options.authoritiesClaim())), values);
  }

  private Set<String> authorities(Object claim) {
    Set<String> authorities = new LinkedHashSet<>();
    if (claim instanceof Collection<?> values) {
      for (Object value : values) {
        if (value instanceof String name && !name.isBlank()) {
          authorities.add(options.authorityPrefix() + name.trim());
        }
      }
    } else if (claim instanceof String names) {
      for (String name : names.trim().split("\\s+")) {
        if (!name.isEmpty()) {
          authorities.add(options.authorityPrefix() + name);
        }
      }
    }
    return authorities;
  }

  /** The algorithms accepted. */
  public Set<String> algorithms() {
    return algorithms;
  }

  @Override
  public String toString() {
    return "JjwtTokenVerifier[" + parsers.size() + " key" + (parsers.size() > 1 ? "s" : "") + ", algorithms="
        + algorithms + ", issuer=" + options.issuer() + ", audiences=" + options.audiences() + ", clockSkew="
        + options.clockSkew() + "]";
  }

  /** The token's algorithm is not in the allow-list. */
  private static final class AlgorithmNotAllowed extends UnsupportedJwtException {

    private static final long serialVersionUID = 1L;

    AlgorithmNotAllowed() {
      super("algorithm not allowed");
    }
  }

  /** The token's algorithm is allowed but needs another of the configured keys. */
  private static final class KeyDoesNotFit extends UnsupportedJwtException {

    private static final long serialVersionUID = 1L;

    KeyDoesNotFit() {
      super("key does not fit the algorithm");
    }
  }
}
