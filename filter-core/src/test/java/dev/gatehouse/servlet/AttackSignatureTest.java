package dev.gatehouse.servlet;

import static dev.gatehouse.servlet.AttackTarget.b64;
import static dev.gatehouse.servlet.AttackTarget.signatureOf;
import static dev.gatehouse.servlet.AttackTarget.withSignature;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forged and malformed signatures (issue 7), through a real Jetty, on every signature provider the
 * build loads (issue 8): ECDSA zero and out-of-range scalars (CVE-2022-21449), DER instead of R ||
 * S, wrong lengths, empty signatures, Ed25519 and RSA malleability.
 */
final class AttackSignatureTest {
  private static final String SIGNATURE_FAILS = "signature does not verify";
  private static AttackTarget target;

  @BeforeAll
  static void start() {
    target = new AttackTarget();
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @AfterEach
  void noOutboundRequest() {
    target.assertNoOutboundRequest();
  }

  private static BigInteger order(String kid) {
    return ((ECPrivateKey) target.issuer.keyPair(kid).getPrivate()).getParams().getOrder();
  }

  /** r || s as fixed-length big-endian halves. */
  private static byte[] rs(BigInteger r, BigInteger s, int half) {
    byte[] out = new byte[2 * half];
    put(out, 0, r, half);
    put(out, half, s, half);
    return out;
  }

  private static void put(byte[] out, int at, BigInteger value, int half) {
    byte[] raw = value.toByteArray();
    int copy = Math.min(raw.length, half);
    System.arraycopy(raw, raw.length - copy, out, at + half - copy, copy);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void ecdsaZeroSignatureIsRejected(String provider) {
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified anything on Java 15 to 18.
    for (String kid : new String[] {target.es256Kid, target.es384Kid, target.es512Kid}) {
      String token = target.issuer.token().kid(kid).sign();
      int length = signatureOf(token).length;
      assertThat(target.refused(provider, withSignature(token, new byte[length])))
          .as(kid)
          .isEqualTo(SIGNATURE_FAILS);
      BigInteger n = order(kid);
      BigInteger r = new BigInteger(1, Arrays.copyOfRange(signatureOf(token), 0, length / 2));
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(signatureOf(token), length / 2, length));
      int half = length / 2;
      for (byte[] forged :
          new byte[][] {
            rs(BigInteger.ZERO, s, half),
            rs(r, BigInteger.ZERO, half),
            rs(n, n, half),
            rs(n, s, half),
            rs(r, n, half),
          }) {
        assertThat(target.refused(provider, withSignature(token, forged)))
            .as(kid)
            .isEqualTo(SIGNATURE_FAILS);
      }
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void ecdsaScalarsAtOrAboveTheOrderAreRejected(String provider) {
    String token = target.issuer.token().kid(target.es256Kid).sign();
    BigInteger n = order(target.es256Kid);
    byte[] signature = signatureOf(token);
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    for (byte[] forged :
        new byte[][] {
          rs(r, n.add(BigInteger.ONE), 32),
          rs(n.add(BigInteger.ONE), s, 32),
          rs(max, s, 32),
          rs(r, max, 32),
          rs(r.add(n).min(max), s, 32),
          rs(r, s.add(n).min(max), 32),
        }) {
      assertThat(target.refused(provider, withSignature(token, forged))).isEqualTo(SIGNATURE_FAILS);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void highSSignatureIsAccepted(String provider) {
    // Policy: JOSE does not require low S (RFC 7515 A.3's own example is high-S), so (r, n - s)
    // verifies.
    String token = target.issuer.token().kid(target.es256Kid).subject("high-s-" + provider).sign();
    byte[] signature = signatureOf(token);
    BigInteger n = order(target.es256Kid);
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));

    target.accepted(provider, withSignature(token, rs(r, n.subtract(s), 32)));
    target.accepted(provider, token);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void derEncodedEcdsaSignatureIsRejected(String provider) {
    String token = target.issuer.token().kid(target.es256Kid).sign();
    String input = token.substring(0, token.lastIndexOf('.'));
    byte[] der =
        AttackTarget.rawSign(
            "SHA256withECDSA",
            target.issuer.keyPair(target.es256Kid).getPrivate(),
            input.getBytes(StandardCharsets.US_ASCII));
    String es512 = target.issuer.token().kid(target.es512Kid).sign();
    String es512Input = es512.substring(0, es512.lastIndexOf('.'));
    byte[] der512 =
        AttackTarget.rawSign(
            "SHA512withECDSA",
            target.issuer.keyPair(target.es512Kid).getPrivate(),
            es512Input.getBytes(StandardCharsets.US_ASCII));

    assertThat(target.refused(provider, withSignature(token, der))).isEqualTo(SIGNATURE_FAILS);
    assertThat(target.refused(provider, withSignature(es512, der512))).isEqualTo(SIGNATURE_FAILS);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void signaturesOfTheWrongLengthAreRejected(String provider) {
    for (String kid :
        new String[] {
          target.es256Kid,
          target.es384Kid,
          target.es512Kid,
          target.edKid,
          target.rs256Kid,
          target.ps256Kid
        }) {
      String token = target.issuer.token().kid(kid).sign();
      byte[] signature = signatureOf(token);
      byte[] longer = Arrays.copyOf(signature, signature.length + 1);
      byte[] leadingZero = new byte[signature.length + 1];
      System.arraycopy(signature, 0, leadingZero, 1, signature.length);
      for (byte[] forged :
          new byte[][] {
            Arrays.copyOf(signature, signature.length - 1),
            longer,
            leadingZero,
            Arrays.copyOf(signature, 1),
            Arrays.copyOf(signature, 2 * signature.length),
            Arrays.copyOf(signature, signature.length / 2),
          }) {
        assertThat(target.refused(provider, withSignature(token, forged)))
            .as("%s, %d bytes", kid, forged.length)
            .isEqualTo(SIGNATURE_FAILS);
      }
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void emptySignatureIsRejected(String provider) {
    for (String kid : new String[] {target.es256Kid, target.rs256Kid, target.edKid}) {
      String token = target.issuer.token().kid(kid).sign();
      String unsigned = token.substring(0, token.lastIndexOf('.') + 1);
      assertThat(target.refused(provider, unsigned)).isEqualTo("unsigned tokens are not accepted");
      assertThat(target.refused(provider, unsigned + "AA")).isEqualTo(SIGNATURE_FAILS);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void ed25519MalleatedSignatureIsRejected(String provider) {
    // RFC 8032 §5.1.7: S must be below L; S + L verifies the same equation on a lax implementation.
    BigInteger l =
        BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    String token = target.issuer.token().kid(target.edKid).sign();
    byte[] signature = signatureOf(token);
    byte[] sLittle = Arrays.copyOfRange(signature, 32, 64);
    BigInteger s = new BigInteger(1, reverse(sLittle));
    byte[] malleated = Arrays.copyOf(signature, 64);
    System.arraycopy(reverse(fixed(s.add(l), 32)), 0, malleated, 32, 32);
    byte[] highBit = signature.clone();
    highBit[63] |= (byte) 0x80;
    byte[] zeroR = signature.clone();
    Arrays.fill(zeroR, 0, 32, (byte) 0);

    target.accepted(provider, token);
    for (byte[] forged : new byte[][] {malleated, highBit, zeroR, new byte[64]}) {
      assertThat(target.refused(provider, withSignature(token, forged))).isEqualTo(SIGNATURE_FAILS);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void rsaSignatureAsZeroOrModulusIsRejected(String provider) {
    String token = target.issuer.token().kid(target.rs256Kid).sign();
    java.security.interfaces.RSAPublicKey key =
        (java.security.interfaces.RSAPublicKey) target.issuer.publicKey(target.rs256Kid);
    byte[] modulus = fixed(key.getModulus(), 256);
    byte[] one = new byte[256];
    one[255] = 1;

    for (byte[] forged :
        new byte[][] {
          new byte[256], modulus, one, fixed(key.getModulus().add(BigInteger.ONE), 256)
        }) {
      assertThat(target.refused(provider, withSignature(token, forged))).isEqualTo(SIGNATURE_FAILS);
    }
    String ps = target.issuer.token().kid(target.ps256Kid).sign();
    assertThat(target.refused(provider, withSignature(ps, new byte[256])))
        .isEqualTo(SIGNATURE_FAILS);
    assertThat(target.refused(provider, withSignature(ps, signatureOf(token))))
        .isEqualTo(SIGNATURE_FAILS);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void signatureOfAnotherTokenIsRejected(String provider) {
    String mine = target.issuer.token().kid(target.es256Kid).subject("mallory").sign();
    String victim = target.issuer.token().kid(target.es256Kid).subject("admin").sign();
    String header = AttackTarget.parts(victim).get(0);
    String claims = AttackTarget.parts(victim).get(1);

    assertThat(
            target.refused(provider, header + "." + claims + "." + AttackTarget.parts(mine).get(2)))
        .isEqualTo(SIGNATURE_FAILS);
    assertThat(
            target.refused(
                provider,
                header
                    + "."
                    + b64("{\"sub\":\"admin\"}")
                    + "."
                    + AttackTarget.parts(victim).get(2)))
        .isEqualTo("iss claim is missing");
  }

  private static byte[] fixed(BigInteger value, int size) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }

  private static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
