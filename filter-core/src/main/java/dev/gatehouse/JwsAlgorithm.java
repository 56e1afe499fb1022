package dev.gatehouse;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jspecify.annotations.Nullable;

/**
 * The JWS algorithms Gatehouse verifies (RFC 7518 §3.1, RFC 8037 §3.1), and every fact about each
 * in one table: the key type and curves it takes, the smallest key, the signature's length, the
 * hash and the JCA names. Access tokens, logout tokens, security events and DPoP proofs are all
 * checked through it, and the test kit makes its keys from it.
 *
 * <p>Immutable and thread-safe.
 */
public enum JwsAlgorithm {
  /** ECDSA with P-256 and SHA-256. */
  ES256(Family.ECDSA, List.of("P-256"), 256, "SHA256", 64),
  /** ECDSA with P-384 and SHA-384. */
  ES384(Family.ECDSA, List.of("P-384"), 384, "SHA384", 96),
  /** ECDSA with P-521 and SHA-512. */
  ES512(Family.ECDSA, List.of("P-521"), 521, "SHA512", 132),
  /** RSASSA-PKCS1-v1_5 with SHA-256. */
  RS256(Family.RSA, List.of(), KeySet.MIN_RSA_BITS, "SHA256", -1),
  /** RSASSA-PKCS1-v1_5 with SHA-384. */
  RS384(Family.RSA, List.of(), KeySet.MIN_RSA_BITS, "SHA384", -1),
  /** RSASSA-PKCS1-v1_5 with SHA-512. */
  RS512(Family.RSA, List.of(), KeySet.MIN_RSA_BITS, "SHA512", -1),
  /** RSASSA-PSS with SHA-256 and MGF1 with SHA-256, salt of 32 bytes. */
  PS256(Family.RSA_PSS, List.of(), KeySet.MIN_RSA_BITS, "SHA256", -1),
  /** RSASSA-PSS with SHA-384 and MGF1 with SHA-384, salt of 48 bytes. */
  PS384(Family.RSA_PSS, List.of(), KeySet.MIN_RSA_BITS, "SHA384", -1),
  /** RSASSA-PSS with SHA-512 and MGF1 with SHA-512, salt of 64 bytes. */
  PS512(Family.RSA_PSS, List.of(), KeySet.MIN_RSA_BITS, "SHA512", -1),
  /** EdDSA (RFC 8037) with Ed25519 (64-byte signatures) or Ed448 (114). */
  EdDSA(Family.EDDSA, List.of("Ed25519", "Ed448"), 0, "", 64);

  /** How an algorithm signs, which fixes its key type and JCA names. */
  enum Family {
    ECDSA("EC"),
    RSA("RSA"),
    RSA_PSS("RSA"),
    EDDSA("OKP");

    final String keyType;

    Family(String keyType) {
      this.keyType = keyType;
    }
  }

  /** Every name, in the default allow-list order. */
  static final List<String> SUPPORTED = names();

  final Family family;

  // Every constant passes List.of(...), which is unmodifiable.
  @SuppressWarnings("ImmutableEnumChecker")
  private final List<String> curves;

  private final int minimumKeyBits;

  /** The hash of the JCA name, e.g. {@code SHA256}; empty for EdDSA. */
  final String hash;

  private final int signatureLength;

  JwsAlgorithm(
      Family family, List<String> curves, int minimumKeyBits, String hash, int signatureLength) {
    this.family = family;
    this.curves = curves;
    this.minimumKeyBits = minimumKeyBits;
    this.hash = hash;
    this.signatureLength = signatureLength;
  }

  private static List<String> names() {
    List<String> out = new ArrayList<>();
    for (JwsAlgorithm alg : values()) {
      out.add(alg.name());
    }
    return List.copyOf(out);
  }

  /**
   * The algorithm of the JWS {@code alg} name, exactly as written ({@code ES256}, {@code EdDSA}).
   */
  public static Optional<JwsAlgorithm> of(String name) {
    return Optional.ofNullable(byName(name));
  }

  /** {@link #of} without the allocation, for the request path. */
  static @Nullable JwsAlgorithm byName(String name) {
    return switch (name) {
      case "ES256" -> ES256;
      case "ES384" -> ES384;
      case "ES512" -> ES512;
      case "RS256" -> RS256;
      case "RS384" -> RS384;
      case "RS512" -> RS512;
      case "PS256" -> PS256;
      case "PS384" -> PS384;
      case "PS512" -> PS512;
      case "EdDSA" -> EdDSA;
      default -> null;
    };
  }

  /** The JWK {@code kty} of its keys: {@code EC}, {@code RSA} or {@code OKP}. */
  public String keyType() {
    return family.keyType;
  }

  /** The JWK {@code crv} values its keys may have; empty for RSA. */
  public List<String> curves() {
    return curves;
  }

  /** The smallest key, in bits: the curve's field for ECDSA, 2048 for RSA (§3.3), 0 for EdDSA. */
  public int minimumKeyBits() {
    return minimumKeyBits;
  }

  /**
   * The exact signature length in bytes with {@code key} (RFC 7518 §3.4: ECDSA signatures are the
   * fixed-length R || S; RFC 8032 §5.1.6), or -1 when it depends on the key (RSA, whose length the
   * JCA checks against the modulus).
   */
  int signatureLength(PublicKey key) {
    if (family == Family.EDDSA) {
      boolean ed448 = key instanceof EdECPublicKey ed && ed.getParams().getName().equals("Ed448");
      return ed448 ? 114 : signatureLength;
    }
    return signatureLength;
  }

  /** Whether {@code key} fits: the curve of the algorithm, or RSA of 2048 bits at least. */
  boolean fits(PublicKey key) {
    return switch (family) {
      case ECDSA ->
          key instanceof ECPublicKey ec
              && ec.getParams().getCurve().getField().getFieldSize() == minimumKeyBits;
      case RSA, RSA_PSS ->
          key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= minimumKeyBits;
      case EDDSA -> key instanceof EdECPublicKey;
    };
  }

  /** Whether a JWK's {@code kty}, {@code crv} and {@code alg} fit (RFC 7518 §3.1). */
  boolean fits(PublicJsonWebKey jwk) {
    if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(name())) {
      return false;
    }
    return switch (family) {
      case ECDSA ->
          jwk instanceof EllipticCurveJsonWebKey ec
              && curves.contains(ec.getCurveName())
              && ec.getPublicKey() instanceof ECPublicKey;
      case RSA, RSA_PSS -> jwk instanceof RsaJsonWebKey;
      case EDDSA -> jwk instanceof OctetKeyPairJsonWebKey okp && curves.contains(okp.getSubtype());
    };
  }

  /** Validates a configured allow-list: never {@code none}, never HMAC, only supported names. */
  static Set<String> allowList(Iterable<String> algorithms) {
    Set<String> out = new LinkedHashSet<>();
    for (String alg : algorithms) {
      String name = alg == null ? "null" : alg.trim();
      String upper = name.toUpperCase(Locale.ROOT);
      if (upper.equals("NONE") || upper.startsWith("HS")) {
        throw new IllegalArgumentException(
            "algorithm is never accepted (unsigned or symmetric): " + name);
      }
      if (byName(name) == null) {
        throw new IllegalArgumentException(
            "algorithm not supported: " + name + " (supported: " + SUPPORTED + ")");
      }
      out.add(name);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("algorithms must not be empty");
    }
    return Set.copyOf(out);
  }
}
