package dev.gatehouse;

import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
  private static final Map<String, ProviderContext> NAMED = new ConcurrentHashMap<>();

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
      return algorithm.verifySignature(signature, key, signingInput, context(provider, algorithm.getJavaAlgorithm()));
    } catch (JoseException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The jose4j context that verifies {@code javaAlgorithm} with the provider {@code requested}
   * names. jose4j verifies with the provider of the <em>supplied-key</em> context, so the name is
   * read from either sub-context and set there. A provider that does not implement the algorithm
   * (Conscrypt 2.5 has neither Ed25519 nor RSASSA-PSS) leaves it to the JDK's default providers:
   * otherwise every such token would fail as a bad signature.
   */
  static ProviderContext context(@Nullable ProviderContext requested, String javaAlgorithm) {
    String name = requested == null ? null : providerName(requested);
    if (name == null) {
      return DEFAULT_PROVIDER;
    }
    Provider provider = Security.getProvider(name);
    if (provider == null || provider.getService("Signature", javaAlgorithm) == null) {
      return DEFAULT_PROVIDER;
    }
    return NAMED.computeIfAbsent(name, Signatures::suppliedKeyContext);
  }

  private static @Nullable String providerName(ProviderContext context) {
    String supplied = context.getSuppliedKeyProviderContext().getSignatureProvider();
    return supplied != null ? supplied : context.getGeneralProviderContext().getSignatureProvider();
  }

  private static ProviderContext suppliedKeyContext(String name) {
    ProviderContext context = new ProviderContext();
    context.getSuppliedKeyProviderContext().setSignatureProvider(name);
    return context;
  }
}
