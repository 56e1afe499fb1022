package dev.gatehouse;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The JWS algorithms (RFC 7518 §3.1, RFC 8037 §3.1) a verifier may accept, and their shapes. */
final class Algorithms {
  /** Every asymmetric algorithm supported, in the default allow-list order. */
  static final List<String> SUPPORTED =
      List.of(
          "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

  private Algorithms() {}

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
      if (!SUPPORTED.contains(name)) {
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

  /**
   * The exact signature length in bytes for {@code alg} (RFC 7518 §3.4: ECDSA signatures are the
   * fixed-length concatenation R || S; RFC 8032 §5.1.6: Ed25519 signatures are 64 bytes), or -1
   * when it depends on the key (RSA, whose length the JCA checks against the modulus).
   */
  static int signatureLength(String alg, java.security.PublicKey key) {
    switch (alg) {
      case "ES256":
        return 64;
      case "ES384":
        return 96;
      case "ES512":
        return 132;
      case "EdDSA":
        boolean ed448 =
            key instanceof java.security.interfaces.EdECPublicKey ed
                && ed.getParams().getName().equals("Ed448");
        return ed448 ? 114 : 64;
      default:
        return -1;
    }
  }
}
