package dev.gatehouse;

import java.security.PublicKey;
import org.jspecify.annotations.Nullable;

/**
 * A JWK's public key with everything a verification needs that does not depend on the token, built
 * once when the key set is parsed: the JCA key, and, when BouncyCastle is present and the key is EC
 * or EdDSA, the same key in BouncyCastle's form with its precomputation.
 *
 * <p>Immutable and thread-safe.
 */
final class VerificationKey {
  private final PublicKey key;
  private final BouncyCastle.@Nullable Key lightweight;

  private VerificationKey(PublicKey key, BouncyCastle.@Nullable Key lightweight) {
    this.key = key;
    this.lightweight = lightweight;
  }

  /** {@code key}, prepared for every signature path present. */
  static VerificationKey of(PublicKey key) {
    return new VerificationKey(key, BouncyCastle.prepare(key));
  }

  /** The JCA key. */
  PublicKey key() {
    return key;
  }

  /** The key in BouncyCastle's form, or null when BouncyCastle is absent or the key is RSA. */
  BouncyCastle.@Nullable Key lightweight() {
    return lightweight;
  }

  @Override
  public String toString() {
    return "VerificationKey[" + key.getAlgorithm() + "]";
  }
}
