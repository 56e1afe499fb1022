package dev.gatehouse;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The signature layer: one JWS algorithm (RFC 7518 §3, RFC 8037 §3.1), one key, raw signing
 * input and signature bytes, straight to the JCA. The verifier and the conformance vectors both
 * come through here, so the vectors test exactly what production runs.
 */
final class Signatures {
  /** A JCA name for an algorithm, whether it takes DER ECDSA signatures, and its parameters. */
  record Route(String jcaName, java.security.@Nullable Provider provider, boolean der, @Nullable AlgorithmParameterSpec params) {}

  private record Candidate(String jcaName, boolean der, @Nullable AlgorithmParameterSpec params) {}

  /** Per algorithm, the JCA names to try in order: the provider's best first. */
  private static final Map<String, List<Candidate>> CANDIDATES =
      Map.of(
          "ES256", ecdsa("SHA256"),
          "ES384", ecdsa("SHA384"),
          "ES512", ecdsa("SHA512"),
          "RS256", List.of(new Candidate("SHA256withRSA", false, null)),
          "RS384", List.of(new Candidate("SHA384withRSA", false, null)),
          "RS512", List.of(new Candidate("SHA512withRSA", false, null)),
          "PS256", pss("SHA-256", "SHA256", MGF1ParameterSpec.SHA256, 32),
          "PS384", pss("SHA-384", "SHA384", MGF1ParameterSpec.SHA384, 48),
          "PS512", pss("SHA-512", "SHA512", MGF1ParameterSpec.SHA512, 64),
          "EdDSA", List.of(new Candidate("EdDSA", false, null)));

  private static final Map<String, Route> ROUTES = new ConcurrentHashMap<>();

  private Signatures() {}

  private static List<Candidate> ecdsa(String hash) {
    // P1363 (R || S, as JWS carries it) where the provider has it; DER otherwise (Conscrypt).
    return List.of(new Candidate(hash + "withECDSAinP1363Format", false, null), new Candidate(hash + "withECDSA", true, null));
  }

  private static List<Candidate> pss(String hash, String shortHash, MGF1ParameterSpec mgf, int saltLength) {
    // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
    PSSParameterSpec spec = new PSSParameterSpec(hash, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
    return List.of(new Candidate("RSASSA-PSS", false, spec), new Candidate(shortHash + "withRSA/PSS", false, null));
  }

  /**
   * How {@code alg} is verified with {@code provider}: the first candidate the provider
   * implements, else the JDK's default providers (Conscrypt 2.5 has no Ed25519, for one).
   */
  static Route route(String alg, SignatureProvider provider) {
    return ROUTES.computeIfAbsent(alg + '/' + provider.name(), k -> choose(alg, provider));
  }

  private static Route choose(String alg, SignatureProvider chosen) {
    List<Candidate> candidates = CANDIDATES.get(alg);
    if (candidates == null) {
      throw new IllegalArgumentException("algorithm not supported: " + alg);
    }
    java.security.@Nullable Provider provider = chosen.provider();
    if (provider != null) {
      for (Candidate c : candidates) {
        if (provider.getService("Signature", c.jcaName) != null) {
          return new Route(c.jcaName, provider, c.der, c.params);
        }
      }
    }
    Candidate first = candidates.get(0);
    return new Route(first.jcaName, null, first.der, first.params);
  }

  /**
   * Whether {@code signature} over {@code signingInput} verifies with {@code key} under {@code
   * alg}. A key that does not fit the algorithm (RFC 7518 §3.3: RSA of 2048 bits at least; §3.4:
   * the curve of the algorithm), a signature of the wrong length (§3.4: ECDSA signatures are
   * exactly R || S) or any provider error yields false, never an exception.
   */
  static boolean verify(String alg, PublicKey key, byte[] signingInput, byte[] signature, SignatureProvider provider) {
    int expected = Algorithms.signatureLength(alg, key);
    if ((expected >= 0 && expected != signature.length) || !fits(alg, key) || !CANDIDATES.containsKey(alg)) {
      return false;
    }
    Route route = route(alg, provider);
    try {
      Signature verifier =
          route.provider() == null ? Signature.getInstance(route.jcaName()) : Signature.getInstance(route.jcaName(), route.provider());
      if (route.params() != null) {
        verifier.setParameter(route.params());
      }
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(route.der() ? EcdsaDer.fromConcatenated(signature) : signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean fits(String alg, PublicKey key) {
    switch (alg.charAt(0)) {
      case 'E':
        if (alg.equals("EdDSA")) {
          return key instanceof EdECPublicKey;
        }
        int bits = alg.equals("ES256") ? 256 : alg.equals("ES384") ? 384 : 521;
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == bits;
      case 'R':
      case 'P':
        return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
      default:
        return false;
    }
  }
}
