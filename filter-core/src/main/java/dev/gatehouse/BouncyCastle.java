package dev.gatehouse;

import java.security.PublicKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether BouncyCastle's lightweight API ({@code bcprov-jdk18on}) is on the class path, and the
 * public keys it verifies ECDSA and EdDSA signatures with. Nothing here names a BouncyCastle type:
 * {@link BouncyCastleKeys}, which does, is loaded only when the library is present, so Gatehouse
 * runs with it excluded. No JCA provider is registered and nothing JVM-wide changes.
 *
 * <p>Immutable and thread-safe.
 */
final class BouncyCastle {
  /** The {@code signature-provider} value that selects this path. */
  static final String NAME = "BouncyCastle";

  private static final Logger LOG = LoggerFactory.getLogger(BouncyCastle.class);

  /**
   * One public key in BouncyCastle's form, built once per JWK: ECDSA keeps its point, whose
   * multiplication tables BouncyCastle computes at the first verification and keeps with the point.
   */
  interface Key {
    /**
     * Whether {@code signature} (already checked to be the algorithm's exact length) over the first
     * {@code length} bytes of {@code input} verifies under {@code alg}.
     */
    boolean verify(JwsAlgorithm alg, byte[] input, int length, byte[] signature);
  }

  /** A key BouncyCastle cannot use (a point off its curve, say): every signature fails. */
  static final Key REFUSES = (alg, input, length, signature) -> false;

  /** Whether the library is present and links. */
  static final boolean PRESENT = present();

  private BouncyCastle() {}

  private static boolean present() {
    try {
      Class.forName(
          "org.bouncycastle.crypto.signers.ECDSASigner",
          false,
          BouncyCastle.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("BouncyCastle not on the class path: ECDSA and EdDSA verify on the JDK");
      return false;
    }
    try {
      if (BouncyCastleKeys.linked()) {
        return true;
      }
    } catch (LinkageError | RuntimeException e) {
      LOG.warn(
          "BouncyCastle is on the class path but does not link ({}): ECDSA and EdDSA verify on the"
              + " JDK (Gatehouse is built and tested with bcprov-jdk18on 1.87)",
          e.toString());
      return false;
    }
    LOG.warn("BouncyCastle failed its start-up check: ECDSA and EdDSA verify on the JDK");
    return false;
  }

  /**
   * {@code key} in BouncyCastle's form: null when the library is absent or the key is neither EC
   * nor EdDSA, {@link #REFUSES} when the library refuses the key.
   */
  static @Nullable Key prepare(PublicKey key) {
    return PRESENT ? BouncyCastleKeys.prepare(key) : null;
  }
}
