package dev.duplex.spring.security;

import java.util.Locale;

/** Why a token was refused: a low-cardinality cause for logs and metrics. */
public enum TokenFailure {
  /** Not a compact signed JWT: bad encoding, bad JSON, duplicate claims, an encrypted or compressed token. */
  MALFORMED,
  /** {@code alg: none}, or an algorithm that is not allowed or does not fit the configured keys. */
  ALGORITHM,
  /** The signature does not verify with any configured key. */
  BAD_SIGNATURE,
  /** Past {@code exp}, clock skew included. */
  EXPIRED,
  /** Before {@code nbf}, clock skew included. */
  NOT_YET_VALID,
  /** {@code iss} is not the configured issuer. */
  WRONG_ISSUER,
  /** {@code aud} names none of the configured audiences. */
  WRONG_AUDIENCE,
  /** A needed claim is absent: {@code sub}, or {@code exp} when expiry is required. */
  MISSING_CLAIM;

  /** The lower-case name, such as {@code bad_signature}, for tags. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
