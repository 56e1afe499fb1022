package dev.gatehouse;

import java.security.PublicKey;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;

/**
 * The signature layer: one JWS algorithm, one key, raw signing input and signature bytes. The
 * verifier and the conformance vectors both come through here, so the vectors test exactly what
 * production runs.
 */
final class Signatures {
  private static final ProviderContext DEFAULT_PROVIDER = new ProviderContext();

  private Signatures() {}

  /**
   * Whether {@code signature} over {@code signingInput} verifies with {@code key} under {@code
   * alg}. A key that does not fit the algorithm, a signature of the wrong length (RFC 7518 §3.4:
   * ECDSA signatures are exactly R || S) or any provider error yields false, never an exception.
   */
  static boolean verify(
      String alg, PublicKey key, byte[] signingInput, byte[] signature, @Nullable ProviderContext provider) {
    int expected = Algorithms.signatureLength(alg, key);
    if (expected >= 0 && expected != signature.length) {
      return false;
    }
    try {
      JsonWebSignatureAlgorithm algorithm =
          AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(alg);
      algorithm.validateVerificationKey(key);
      return algorithm.verifySignature(signature, key, signingInput, provider == null ? DEFAULT_PROVIDER : provider);
    } catch (JoseException | RuntimeException e) {
      return false;
    }
  }
}
