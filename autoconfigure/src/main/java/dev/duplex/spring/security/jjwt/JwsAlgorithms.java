package dev.duplex.spring.security.jjwt;

import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * The JWS signature algorithms (RFC 7518 section 3, RFC 8037) Duplex verifies, and which key each needs. Plain JDK
 * code, so that settings can be checked without jjwt.
 */
public final class JwsAlgorithms {

  /** Every algorithm name accepted in {@code duplex.security.jwt.algorithms}. */
  public static final List<String> KNOWN = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256",
      "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  /** Shortest HMAC secret accepted, in bytes (256 bits, RFC 7518 section 3.2). */
  public static final int MIN_SECRET_BYTES = 32;

  private JwsAlgorithms() {
  }

  /** Whether a token signed with {@code algorithm} can be verified with {@code key}. */
  public static boolean fits(Key key, String algorithm) {
    return switch (algorithm) {
      case "HS256" -> secretOf(key, 32);
      case "HS384" -> secretOf(key, 48);
      case "HS512" -> secretOf(key, 64);
      case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> key instanceof RSAPublicKey;
      case "ES256" -> curveOf(key) == 256;
      case "ES384" -> curveOf(key) == 384;
      case "ES512" -> curveOf(key) == 521;
      case "EdDSA" -> key instanceof EdECPublicKey;
      default -> false;
    };
  }

  /** The algorithms some of {@code keys} verify, in {@link #KNOWN} order. */
  public static Set<String> supportedBy(List<? extends Key> keys) {
    Set<String> supported = new LinkedHashSet<>();
    for (String algorithm : KNOWN) {
      for (Key key : keys) {
        if (fits(key, algorithm)) {
          supported.add(algorithm);
        }
      }
    }
    return supported;
  }

  private static boolean secretOf(Key key, int minBytes) {
    if (!(key instanceof SecretKey secret)) {
      return false;
    }
    byte[] encoded = secret.getEncoded();
    return encoded != null && encoded.length >= minBytes;
  }

  private static int curveOf(Key key) {
    return key instanceof ECPublicKey ec ? ec.getParams().getCurve().getField().getFieldSize() : -1;
  }
}
