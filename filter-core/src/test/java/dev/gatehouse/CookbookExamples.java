package dev.gatehouse;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Runs the JOSE cookbook's signed examples (RFC 7515 Appendix A, RFC 7520 §4, RFC 8037 Appendix
 * A.4) through {@link Signatures}, and their policy rejections through the verifier core.
 */
final class CookbookExamples {
  private static final IssuerPolicy POLICY =
      IssuerPolicy.builder("https://vectors.invalid").anyAudience().build();

  /** One example: where it comes from, its compact serialisation, and the JWK that verifies it. */
  record Example(String name, String compact, Map<String, Object> jwk) {
    @Override
    public String toString() {
      return name;
    }
  }

  private CookbookExamples() {}

  /** Whether {@code compact}'s signature verifies with {@code jwk} at the signature layer. */
  static boolean verifies(String compact, Map<String, Object> jwk, String provider)
      throws JoseException {
    String[] parts = compact.split("\\.", -1);
    String alg =
        (String)
            org.jose4j.json.JsonUtil.parseJson(new String(decode(parts[0]), StandardCharsets.UTF_8))
                .get("alg");
    PublicKey key = PublicJsonWebKey.Factory.newPublicJwk(jwk).getPublicKey();
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return Signatures.verify(
        alg, VerificationKey.of(key), input, decode(parts[2]), SignatureProvider.select(provider));
  }

  /** The same token with the last signature byte changed. */
  static String tampered(String compact) {
    int dot = compact.lastIndexOf('.');
    byte[] signature = decode(compact.substring(dot + 1));
    signature[signature.length - 1] ^= 0x01;
    return compact.substring(0, dot + 1)
        + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
  }

  /**
   * The verifier core's refusal (structure, header policy, allow-list), or null if it passes them.
   */
  static String coreRefusal(String token) {
    try {
      ClaimRules.checkHeader(SignedToken.parseJws(token), POLICY);
      return null;
    } catch (AuthException e) {
      return e.failure().message();
    }
  }

  private static byte[] decode(String segment) {
    return Base64.getUrlDecoder().decode(segment);
  }
}
