package dev.gatehouse;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.math.ec.rfc8032.Ed448;
import org.jspecify.annotations.Nullable;

/**
 * ECDSA (RFC 7518 §3.4) over BouncyCastle's {@code CustomNamedCurves} P-256, P-384 and P-521, and
 * EdDSA (RFC 8037 §3.1) with its Ed25519 and Ed448, through the lightweight API. Loaded only when
 * {@link BouncyCastle#PRESENT}: this is the one class that names BouncyCastle's types.
 *
 * <p>Immutable and thread-safe; the keys it builds are shared by every request thread.
 */
final class BouncyCastleKeys {
  /**
   * The curves by field size, as the algorithm table names them: each holds its base point's
   * tables.
   */
  private static final ECDomainParameters P256 = domain("secp256r1");

  private static final ECDomainParameters P384 = domain("secp384r1");
  private static final ECDomainParameters P521 = domain("secp521r1");

  /** Ed448 signs with a context; JWS uses the empty one (RFC 8037 §3.1). */
  private static final byte[] NO_CONTEXT = new byte[0];

  /**
   * One digest per thread and hash (the JDK's, with its intrinsics). JDK types only, so a container
   * thread holds no class of the web application.
   */
  private static final ThreadLocal<MessageDigest[]> DIGESTS =
      ThreadLocal.withInitial(() -> new MessageDigest[3]);

  private BouncyCastleKeys() {}

  /** Whether the classes this one needs link; called once, by {@link BouncyCastle}. */
  static boolean linked() {
    // One verification of each kind links every method used later (an older bcprov may lack one),
    // so a mismatch shows here, at start-up, and never as an error on the request path.
    byte[] none = new byte[64];
    Ed25519PublicKeyParameters base = new Ed25519PublicKeyParameters(ED25519_BASE, 0);
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, new ECPublicKeyParameters(P256.getG(), P256));
    return !base.verify(Ed25519.Algorithm.Ed25519, null, none, 0, 0, none, 0)
        && !signer.verifySignature(new byte[32], BigInteger.ONE, BigInteger.ONE)
        && P384.getN().bitLength() == 384
        && P521.getN().bitLength() == 521;
  }

  /** The encoding of Ed25519's base point (RFC 8032 §5.1): a valid public key. */
  private static final byte[] ED25519_BASE = ed25519Base();

  private static byte[] ed25519Base() {
    byte[] point = new byte[32];
    Arrays.fill(point, (byte) 0x66);
    point[0] = 0x58;
    return point;
  }

  private static ECDomainParameters domain(String name) {
    X9ECParameters curve = CustomNamedCurves.getByName(name);
    return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
  }

  static BouncyCastle.@Nullable Key prepare(PublicKey key) {
    try {
      if (key instanceof ECPublicKey ec) {
        return ecdsa(ec);
      }
      if (key instanceof EdECPublicKey ed) {
        return eddsa(ed);
      }
      return null;
    } catch (RuntimeException e) {
      return BouncyCastle.REFUSES;
    }
  }

  private static BouncyCastle.Key ecdsa(ECPublicKey key) {
    ECParameterSpec spec = key.getParams();
    ECDomainParameters domain =
        switch (spec.getCurve().getField().getFieldSize()) {
          case 256 -> P256;
          case 384 -> P384;
          case 521 -> P521;
          default -> null;
        };
    // Another curve of the same size (secp256k1, brainpool) is not the algorithm's.
    if (domain == null
        || !(spec.getCurve().getField() instanceof ECFieldFp field)
        || !field.getP().equals(domain.getCurve().getField().getCharacteristic())
        || !spec.getCurve().getA().equals(domain.getCurve().getA().toBigInteger())
        || !spec.getCurve().getB().equals(domain.getCurve().getB().toBigInteger())
        || !spec.getOrder().equals(domain.getN())
        || !spec.getGenerator()
            .getAffineX()
            .equals(domain.getG().getAffineXCoord().toBigInteger())) {
      return BouncyCastle.REFUSES;
    }
    // validatePoint refuses a point off the curve; the parameters refuse infinity.
    ECPublicKeyParameters params =
        new ECPublicKeyParameters(
            domain.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY()),
            domain);
    return (alg, input, length, signature) -> {
      int half = signature.length / 2;
      BigInteger r = new BigInteger(1, signature, 0, half);
      BigInteger s = new BigInteger(1, signature, half, half);
      ECDSASigner signer = new ECDSASigner();
      signer.init(false, params);
      // Checks r and s in [1, n - 1] and compares r with x(R) mod n (SEC 1 §4.1.4).
      return signer.verifySignature(digest(alg, input, length), r, s);
    };
  }

  private static BouncyCastle.Key eddsa(EdECPublicKey key) {
    // The X.509 encoding ends with the raw RFC 8032 public key, which is read from there.
    byte[] encoded = key.getEncoded();
    if (key.getParams().getName().equals("Ed448")) {
      Ed448PublicKeyParameters ed448 =
          new Ed448PublicKeyParameters(encoded, encoded.length - Ed448PublicKeyParameters.KEY_SIZE);
      return (alg, input, length, signature) ->
          ed448.verify(Ed448.Algorithm.Ed448, NO_CONTEXT, input, 0, length, signature, 0);
    }
    Ed25519PublicKeyParameters ed25519 =
        new Ed25519PublicKeyParameters(
            encoded, encoded.length - Ed25519PublicKeyParameters.KEY_SIZE);
    return (alg, input, length, signature) ->
        ed25519.verify(Ed25519.Algorithm.Ed25519, null, input, 0, length, signature, 0);
  }

  private static byte[] digest(JwsAlgorithm alg, byte[] input, int length) {
    int slot =
        switch (alg.hash) {
          case "SHA256" -> 0;
          case "SHA384" -> 1;
          default -> 2;
        };
    MessageDigest[] digests = DIGESTS.get();
    MessageDigest digest = digests[slot];
    if (digest == null) {
      try {
        digest = MessageDigest.getInstance("SHA-" + alg.hash.substring(3));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(alg.hash + " is unavailable", e);
      }
      digests[slot] = digest;
    }
    digest.update(input, 0, length);
    return digest.digest();
  }
}
