package dev.gatehouse;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The signature layer: one JWS algorithm (RFC 7518 §3, RFC 8037 §3.1), one key, raw signing input
 * and signature bytes, straight to the JCA. The verifier and the conformance vectors both come
 * through here, so the vectors test exactly what production runs.
 */
final class Signatures {
  /**
   * A JCA name for an algorithm, whether it takes DER ECDSA signatures, and its parameters. One
   * instance per algorithm and provider; compared by identity (a {@code Provider}'s own {@code
   * hashCode} walks all its entries under a lock).
   */
  static final class Route {
    private static final java.util.concurrent.atomic.AtomicInteger COUNT =
        new java.util.concurrent.atomic.AtomicInteger();

    /** This route's slot in each thread's array of {@code Signature}s. */
    private final int index = COUNT.getAndIncrement();

    private final String jcaName;
    private final java.security.@Nullable Provider provider;
    private final boolean der;
    private final @Nullable AlgorithmParameterSpec params;

    /** Whether BouncyCastle's lightweight API verifies, instead of the JCA. */
    private final boolean lightweight;

    Route(
        String jcaName,
        java.security.@Nullable Provider provider,
        boolean der,
        @Nullable AlgorithmParameterSpec params,
        boolean lightweight) {
      this.jcaName = jcaName;
      this.provider = provider;
      this.der = der;
      this.params = params;
      this.lightweight = lightweight;
    }

    /** Who verifies: the JCA provider's name, {@code BouncyCastle}, or null for the JDK's. */
    @Nullable String verifier() {
      return lightweight ? BouncyCastle.NAME : provider == null ? null : provider.getName();
    }

    String jcaName() {
      return jcaName;
    }

    java.security.@Nullable Provider provider() {
      return provider;
    }
  }

  private record Candidate(String jcaName, boolean der, @Nullable AlgorithmParameterSpec params) {}

  private static final Map<String, Map<String, Route>> ROUTES = new ConcurrentHashMap<>();

  /**
   * One {@link Signature} per thread and route: {@code initVerify} resets it, and {@code
   * Signature.getInstance}'s provider lookup costs as much as an RSA verify's parsing. A plain
   * {@code ThreadLocal} holding only JDK types (an array of {@code Signature}s indexed by route):
   * nothing in a container thread's map refers to a class of the web application, so an undeployed
   * application's class loader can be collected.
   */
  private static final ThreadLocal<Signature[]> INSTANCES = new ThreadLocal<>();

  private Signatures() {}

  /** The JCA names to try for {@code alg}, in order: the provider's best first. */
  private static List<Candidate> candidates(JwsAlgorithm alg) {
    String hash = alg.hash;
    return switch (alg.family) {
      // P1363 (R || S, as JWS carries it) where the provider has it; DER otherwise (Conscrypt).
      case ECDSA ->
          List.of(
              new Candidate(hash + "withECDSAinP1363Format", false, null),
              new Candidate(hash + "withECDSA", true, null));
      case RSA -> List.of(new Candidate(hash + "withRSA", false, null));
      case RSA_PSS -> pss(hash);
      case EDDSA -> List.of(new Candidate("EdDSA", false, null));
    };
  }

  private static List<Candidate> pss(String shortHash) {
    // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
    String hash = "SHA-" + shortHash.substring(3);
    int saltLength = Integer.parseInt(shortHash.substring(3)) / 8;
    MGF1ParameterSpec mgf = new MGF1ParameterSpec(hash);
    PSSParameterSpec spec =
        new PSSParameterSpec(hash, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
    return List.of(
        new Candidate("RSASSA-PSS", false, spec),
        new Candidate(shortHash + "withRSA/PSS", false, null));
  }

  /**
   * How {@code alg} is verified with {@code provider}: the first candidate the provider implements,
   * else the JDK's default providers (Conscrypt 2.5 has no Ed25519, for one).
   */
  static Route route(String alg, SignatureProvider provider) {
    return ROUTES
        .computeIfAbsent(provider.name(), p -> new ConcurrentHashMap<>())
        .computeIfAbsent(alg, a -> choose(a, provider));
  }

  private static Route choose(String name, SignatureProvider chosen) {
    JwsAlgorithm alg = JwsAlgorithm.byName(name);
    if (alg == null) {
      throw new IllegalArgumentException("algorithm not supported: " + name);
    }
    List<Candidate> candidates = candidates(alg);
    java.security.@Nullable Provider provider = chosen.provider();
    if (provider != null) {
      for (Candidate c : candidates) {
        if (provider.getService("Signature", c.jcaName) != null) {
          return new Route(c.jcaName, provider, c.der, c.params, false);
        }
      }
    }
    if (chosen.bouncyCastle()
        && (alg.family == JwsAlgorithm.Family.ECDSA || alg.family == JwsAlgorithm.Family.EDDSA)) {
      return new Route(BouncyCastle.NAME, null, false, null, true);
    }
    Candidate first = candidates.get(0);
    return new Route(first.jcaName, null, first.der, first.params, false);
  }

  /**
   * Whether {@code signature} over {@code signingInput} verifies with {@code key} under {@code
   * alg}. A key that does not fit the algorithm (RFC 7518 §3.3: RSA of 2048 bits at least; §3.4:
   * the curve of the algorithm), a signature of the wrong length (§3.4: ECDSA signatures are
   * exactly R || S) or any provider error yields false, never an exception.
   */
  static boolean verify(
      String alg,
      VerificationKey key,
      byte[] signingInput,
      byte[] signature,
      SignatureProvider provider) {
    return verify(alg, key, signingInput, signingInput.length, signature, provider);
  }

  /** As above, over the first {@code inputLength} bytes of {@code signingInput}. */
  static boolean verify(
      String alg,
      VerificationKey verificationKey,
      byte[] signingInput,
      int inputLength,
      byte[] signature,
      SignatureProvider provider) {
    JwsAlgorithm algorithm = JwsAlgorithm.byName(alg);
    PublicKey key = verificationKey.key();
    if (algorithm == null || !algorithm.fits(key)) {
      return false;
    }
    int expected = algorithm.signatureLength(key);
    if (expected >= 0 && expected != signature.length) {
      return false;
    }
    Route route = route(alg, provider);
    if (route.lightweight) {
      return lightweight(algorithm, verificationKey, signingInput, inputLength, signature);
    }
    Signature[] instances = INSTANCES.get();
    if (instances == null || instances.length <= route.index) {
      Signature[] grown = new Signature[Math.max(8, route.index + 8)];
      if (instances != null) {
        System.arraycopy(instances, 0, grown, 0, instances.length);
      }
      instances = grown;
      INSTANCES.set(instances);
    }
    try {
      Signature verifier = instances[route.index];
      if (verifier == null) {
        verifier = newSignature(route);
        instances[route.index] = verifier;
      }
      verifier.initVerify(key);
      verifier.update(signingInput, 0, inputLength);
      return verifier.verify(route.der ? EcdsaDer.fromConcatenated(signature) : signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A provider that failed mid-way may keep state: start the next check afresh.
      instances[route.index] = null;
      return false;
    }
  }

  private static boolean lightweight(
      JwsAlgorithm algorithm,
      VerificationKey key,
      byte[] signingInput,
      int inputLength,
      byte[] signature) {
    BouncyCastle.Key prepared = key.lightweight();
    try {
      return prepared != null && prepared.verify(algorithm, signingInput, inputLength, signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Signature newSignature(Route route) throws GeneralSecurityException {
    Signature signature =
        route.provider() == null
            ? Signature.getInstance(route.jcaName())
            : Signature.getInstance(route.jcaName(), route.provider());
    if (route.params != null) {
      signature.setParameter(route.params);
    }
    return signature;
  }
}
