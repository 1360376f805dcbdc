package dev.duplex.spring.security.jjwt;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads public keys from PEM text (RFC 7468): {@code PUBLIC KEY} blocks (X.509 SubjectPublicKeyInfo) of RSA, EC
 * or EdDSA keys, and {@code CERTIFICATE} blocks, whose public keys are taken. Several blocks give several keys, for
 * a key rotation.
 */
public final class PemPublicKeys {

  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
      Pattern.DOTALL);
  private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA");

  private PemPublicKeys() {
  }

  /**
   * @throws IllegalArgumentException when the text holds no block, a block of another type, or a block that does
   *     not decode to a key of a supported type
   */
  public static List<PublicKey> parse(String pem) {
    List<PublicKey> keys = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(pem);
    while (matcher.find()) {
      String type = matcher.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(matcher.group(2).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the " + type + " block is not valid base64");
      }
      keys.add(switch (type) {
        case "PUBLIC KEY" -> publicKey(der);
        case "CERTIFICATE" -> certificateKey(der);
        default -> throw new IllegalArgumentException("a PEM block of type " + type + " is not supported;"
            + " use PUBLIC KEY or CERTIFICATE");
      });
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no PEM block (-----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----)");
    }
    return List.copyOf(keys);
  }

  private static PublicKey publicKey(byte[] der) {
    for (String type : KEY_TYPES) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException notThisType) {
        // try the next type
      }
    }
    throw new IllegalArgumentException("a PUBLIC KEY block holds no RSA, EC or EdDSA key");
  }

  private static PublicKey certificateKey(byte[] der) {
    try {
      return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("a CERTIFICATE block is not an X.509 certificate");
    }
  }
}
