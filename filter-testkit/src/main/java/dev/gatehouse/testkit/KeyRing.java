package dev.gatehouse.testkit;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.Use;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The issuer's signing keys: which exist, which are published in the JWKS, which one signs by
 * default. Keys are never forgotten, so a retired key can still sign tokens that should fail.
 * Thread-safe; every method holds the ring's lock.
 */
final class KeyRing {

  /** The algorithms a key can be made for, in the order the brief lists them. */
  static final List<String> ALGORITHMS =
      List.of(
          "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

  private static final int RSA_BITS = 2048;

  /** One key: the algorithm it was made for and whether the JWKS lists it. */
  record Entry(String alg, PublicJsonWebKey jwk, boolean published) {}

  private final Map<String, Entry> keys = new LinkedHashMap<>();
  private int serial;
  private String signingKid;

  KeyRing(String alg) {
    this.signingKid = add(alg);
  }

  synchronized String signingKid() {
    return signingKid;
  }

  synchronized Entry signingKey() {
    return Objects.requireNonNull(keys.get(signingKid), signingKid);
  }

  synchronized Optional<Entry> find(String kid) {
    return Optional.ofNullable(keys.get(kid));
  }

  synchronized Entry get(String kid) {
    Entry entry = keys.get(kid);
    if (entry == null) {
      throw new IllegalArgumentException("kid is not a key of this issuer: " + kid);
    }
    return entry;
  }

  /** Publishes a new key for {@code alg} and returns its kid. */
  synchronized String add(String alg) {
    checkAlgorithm(alg);
    serial++;
    // Readable and unique across issuers in one JVM: "es256-2-1f3a".
    String kid =
        String.format(
            Locale.ROOT,
            "%s-%d-%04x",
            alg.toLowerCase(Locale.ROOT),
            serial,
            ThreadLocalRandom.current().nextInt(0x10000));
    PublicJsonWebKey jwk = generate(alg);
    jwk.setKeyId(kid);
    jwk.setUse(Use.SIGNATURE);
    jwk.setAlgorithm(alg);
    keys.put(kid, new Entry(alg, jwk, true));
    return kid;
  }

  synchronized String rotate() {
    return rotate(signingKey().alg());
  }

  synchronized String rotate(String alg) {
    signingKid = add(alg);
    return signingKid;
  }

  synchronized void retire(String kid) {
    Entry entry = get(kid);
    keys.put(kid, new Entry(entry.alg(), entry.jwk(), false));
  }

  synchronized KeyPair keyPair(String kid) {
    PublicJsonWebKey jwk = get(kid).jwk();
    return new KeyPair(jwk.getPublicKey(), jwk.getPrivateKey());
  }

  /** The algorithms of the published keys, without repeats, for discovery metadata. */
  synchronized List<String> publishedAlgorithms() {
    List<String> algs = new ArrayList<>();
    for (Entry entry : keys.values()) {
      if (entry.published() && !algs.contains(entry.alg())) {
        algs.add(entry.alg());
      }
    }
    return algs;
  }

  /** The JWKS document: public members only (RFC 7517 section 5). */
  synchronized String jwksJson() {
    JsonWebKeySet set = new JsonWebKeySet();
    for (Entry entry : keys.values()) {
      if (entry.published()) {
        set.addJsonWebKey(entry.jwk());
      }
    }
    return set.toJson(OutputControlLevel.PUBLIC_ONLY);
  }

  static void checkAlgorithm(String alg) {
    if (!ALGORITHMS.contains(alg)) {
      throw new IllegalArgumentException("alg must be one of " + ALGORITHMS + ": " + alg);
    }
  }

  /** A new key pair for {@code alg}, which {@link #checkAlgorithm} has accepted. */
  static PublicJsonWebKey generate(String alg) {
    try {
      return switch (alg) {
        case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
        case "ES384" -> EcJwkGenerator.generateJwk(EllipticCurves.P384);
        case "ES512" -> EcJwkGenerator.generateJwk(EllipticCurves.P521);
        case "EdDSA" -> OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        default -> RsaJwkGenerator.generateJwk(RSA_BITS);
      };
    } catch (JoseException e) {
      throw new IllegalStateException("cannot generate a key for alg " + alg, e);
    }
  }
}
