package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The least work that checks a JWS signature through the JCA: a fresh {@link Signature} (they are
 * not thread-safe, so a shared verifier needs one per call), init, update, verify. Nothing is
 * parsed or decoded inside the measured call.
 */
final class Jca {
  private static final PSSParameterSpec PS256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  private final String algorithm;
  private final @Nullable AlgorithmParameterSpec params;
  private final @Nullable Provider provider;
  private final byte[] signature;

  private Jca(
      String algorithm,
      @Nullable AlgorithmParameterSpec params,
      @Nullable Provider provider,
      byte[] signature) {
    this.algorithm = algorithm;
    this.params = params;
    this.provider = provider;
    this.signature = signature;
  }

  /**
   * The JDK's own providers, in the signature's own format: ECDSA as R || S through {@code
   * SHA256withECDSAinP1363Format}, so no DER conversion is part of the floor.
   */
  static Jca jdk(Fixture fixture) {
    return switch (fixture.alg) {
      case "ES256" -> new Jca("SHA256withECDSAinP1363Format", null, null, fixture.signature);
      case "RS256" -> new Jca("SHA256withRSA", null, null, fixture.signature);
      case "PS256" -> new Jca("RSASSA-PSS", PS256, null, fixture.signature);
      case "EdDSA" -> new Jca("Ed25519", null, null, fixture.signature);
      default -> throw new IllegalArgumentException("alg not benchmarked: " + fixture.alg);
    };
  }

  /**
   * Conscrypt, which has neither P1363 ECDSA nor Ed25519: ECDSA gets the DER signature, converted
   * once here, outside the measured call.
   */
  static Jca conscrypt(Fixture fixture, Provider conscrypt) {
    return switch (fixture.alg) {
      case "ES256" -> new Jca("SHA256withECDSA", null, conscrypt, der(fixture.signature));
      case "RS256" -> new Jca("SHA256withRSA", null, conscrypt, fixture.signature);
      case "PS256" -> new Jca("SHA256withRSA/PSS", null, conscrypt, fixture.signature);
      default ->
          throw new IllegalArgumentException("alg not supported by Conscrypt: " + fixture.alg);
    };
  }

  boolean verify(Fixture fixture) throws GeneralSecurityException {
    Signature verifier =
        provider == null
            ? Signature.getInstance(algorithm)
            : Signature.getInstance(algorithm, provider);
    if (params != null) {
      verifier.setParameter(params);
    }
    verifier.initVerify(fixture.publicKey);
    verifier.update(fixture.signingInput);
    return verifier.verify(signature);
  }

  /** ASN.1 {@code SEQUENCE { INTEGER r, INTEGER s }} from the JWS's R || S. */
  private static byte[] der(byte[] concatenated) {
    int half = concatenated.length / 2;
    byte[] r = integer(Arrays.copyOfRange(concatenated, 0, half));
    byte[] s = integer(Arrays.copyOfRange(concatenated, half, concatenated.length));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(r.length + s.length);
    out.writeBytes(r);
    out.writeBytes(s);
    return out.toByteArray();
  }

  private static byte[] integer(byte[] unsigned) {
    int start = 0;
    while (start < unsigned.length - 1 && unsigned[start] == 0) {
      start++;
    }
    boolean pad = (unsigned[start] & 0x80) != 0;
    int length = unsigned.length - start + (pad ? 1 : 0);
    byte[] out = new byte[2 + length];
    out[0] = 0x02;
    out[1] = (byte) length;
    System.arraycopy(unsigned, start, out, 2 + (pad ? 1 : 0), unsigned.length - start);
    return out;
  }
}
