package dev.gatehouse;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;

/**
 * One fetched JWKS (RFC 7517 §5), reduced to the keys that can verify signatures, with when it was
 * fetched and how long it stays fresh.
 *
 * <p>Immutable and thread-safe.
 */
final class KeySet {
  /** RSA keys shorter than this are ignored (RFC 7518 §3.3 requires 2048 bits). */
  static final int MIN_RSA_BITS = 2048;

  /** Keys older than this fraction of their lifetime are refreshed in the background. */
  static final double REFRESH_AHEAD_FRACTION = 0.8;

  /** With duplicate {@code kid}s, at most this many fitting keys are tried. */
  static final int MAX_CANDIDATES = 3;

  /**
   * A JWK and its key, prepared for every signature path once, when the set is parsed; {@code
   * alone} is the one-key answer to a lookup, built once too.
   */
  private record Jwk(PublicJsonWebKey jwk, VerificationKey key, List<VerificationKey> alone) {
    Jwk(PublicJsonWebKey jwk, VerificationKey key) {
      this(jwk, key, List.of(key));
    }
  }

  private final Map<String, List<Jwk>> byKid;
  private final List<Jwk> all;
  private final Set<PublicKey> publicKeys;
  final Instant fetchedAt;
  final Duration lifetime;

  /** When a refresh is due: computed once, asked on every cache hit. */
  private final Instant refreshAt;

  final @Nullable String etag;
  final @Nullable String lastModified;

  private KeySet(
      List<Jwk> all,
      Instant fetchedAt,
      Duration lifetime,
      @Nullable String etag,
      @Nullable String lastModified) {
    this.all = List.copyOf(all);
    Map<String, List<Jwk>> index = new LinkedHashMap<>();
    Set<PublicKey> keys = new HashSet<>();
    for (Jwk jwk : all) {
      if (jwk.jwk.getKeyId() != null) {
        index.computeIfAbsent(jwk.jwk.getKeyId(), k -> new ArrayList<>()).add(jwk);
      }
      keys.add(jwk.key.key());
    }
    this.byKid = Collections.unmodifiableMap(index);
    this.publicKeys = Collections.unmodifiableSet(keys);
    this.fetchedAt = fetchedAt;
    this.lifetime = lifetime;
    this.refreshAt = fetchedAt.plusMillis((long) (lifetime.toMillis() * REFRESH_AHEAD_FRACTION));
    this.etag = etag;
    this.lastModified = lastModified;
  }

  /**
   * Parses a JWKS document. Keys with a {@code use} other than {@code sig}, {@code key_ops} without
   * {@code verify}, an unsupported {@code kty}, RSA keys under {@link #MIN_RSA_BITS} or with the
   * ROCA fingerprint are skipped, not fatal.
   */
  static KeySet parse(
      String json,
      Instant fetchedAt,
      Duration lifetime,
      @Nullable String etag,
      @Nullable String lastModified)
      throws JoseException {
    List<Jwk> usable = new ArrayList<>();
    for (JsonWebKey jwk : new JsonWebKeySet(json).getJsonWebKeys()) {
      if (jwk instanceof PublicJsonWebKey key && isUsable(key)) {
        usable.add(new Jwk(key, VerificationKey.of(key.getPublicKey())));
      }
    }
    return new KeySet(usable, fetchedAt, lifetime, etag, lastModified);
  }

  private static boolean isUsable(PublicJsonWebKey jwk) {
    if (jwk.getUse() != null && !jwk.getUse().equals("sig")) {
      return false;
    }
    if (jwk.getKeyOps() != null && !jwk.getKeyOps().contains("verify")) {
      return false;
    }
    if (jwk.getPublicKey() instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength() >= MIN_RSA_BITS && !hasRocaFingerprint(rsa.getModulus());
    }
    return jwk instanceof EllipticCurveJsonWebKey || jwk instanceof OctetKeyPairJsonWebKey;
  }

  /**
   * Whether an RSA modulus has the ROCA fingerprint (CVE-2017-15361): its primes came from the
   * Infineon generator, p = k·M + (65537^a mod M), so the private key can be computed from the
   * public one. Such a modulus lies in the subgroup that 65537 generates modulo every small prime
   * dividing M; a random modulus almost never does for all of them.
   */
  static boolean hasRocaFingerprint(BigInteger modulus) {
    for (int i = 0; i < ROCA_PRIMES.length; i++) {
      if (!ROCA_SUBGROUPS[i][modulus.mod(BigInteger.valueOf(ROCA_PRIMES[i])).intValue()]) {
        return false;
      }
    }
    return true;
  }

  /** The odd primes below 170: each divides the Infineon generator's M for every key size. */
  private static final int[] ROCA_PRIMES = {
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167
  };

  /** For each of {@link #ROCA_PRIMES}, which residues the powers of 65537 reach. */
  private static final boolean[][] ROCA_SUBGROUPS = new boolean[ROCA_PRIMES.length][];

  static {
    for (int i = 0; i < ROCA_PRIMES.length; i++) {
      int prime = ROCA_PRIMES[i];
      boolean[] reached = new boolean[prime];
      for (int power = 1; !reached[power]; power = (int) (power * 65537L % prime)) {
        reached[power] = true;
      }
      ROCA_SUBGROUPS[i] = reached;
    }
  }

  /** The same keys, confirmed unchanged (a 304) at {@code at}. */
  KeySet renewed(
      Instant at,
      Duration newLifetime,
      @Nullable String newEtag,
      @Nullable String newLastModified) {
    return new KeySet(
        all,
        at,
        newLifetime,
        newEtag != null ? newEtag : etag,
        newLastModified != null ? newLastModified : lastModified);
  }

  Instant refreshAt() {
    return refreshAt;
  }

  Instant expiresAt() {
    return fetchedAt.plus(lifetime);
  }

  int size() {
    return all.size();
  }

  boolean contains(PublicKey key) {
    // The cache holds the very key objects of this set (a 304 keeps them): an identity match
    // first, for the JDK's PublicKey.hashCode re-encodes the key on every call.
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).key.key() == key) {
        return true;
      }
    }
    return publicKeys.contains(key);
  }

  /**
   * The keys that may have signed a token with {@code kid} and {@code alg}, in document order.
   * Without a {@code kid}, a key is chosen only when exactly one key fits the algorithm.
   */
  List<VerificationKey> candidates(@Nullable String kid, String alg) {
    if (kid == null) {
      List<VerificationKey> fitting = fitting(all, alg, 2);
      return fitting.size() == 1 ? fitting : List.of();
    }
    List<Jwk> named = byKid.get(kid);
    return named == null ? List.of() : fitting(named, alg, MAX_CANDIDATES);
  }

  private static List<VerificationKey> fitting(List<Jwk> keys, String alg, int limit) {
    if (keys.size() == 1) {
      Jwk only = keys.get(0);
      return fits(only.jwk, alg) ? only.alone : List.of();
    }
    List<VerificationKey> out = new ArrayList<>(Math.min(keys.size(), limit));
    for (Jwk jwk : keys) {
      if (fits(jwk.jwk, alg)) {
        out.add(jwk.key);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Whether the key's {@code kty}, {@code crv} and {@code alg} fit the token's algorithm (RFC 7518
   * §3.1).
   */
  static boolean fits(PublicJsonWebKey jwk, String alg) {
    JwsAlgorithm algorithm = JwsAlgorithm.byName(alg);
    return algorithm != null && algorithm.fits(jwk);
  }
}
