package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BouncyCastle signature path (issue 19) refuses what the JDK path refuses and accepts what it
 * accepts, on whole tokens and at the signature layer; the Wycheproof suites run every vector
 * through it as well.
 */
final class BouncyCastleSignaturesTest {
  private static final SignatureProvider JDK = SignatureProvider.select("jdk");
  private static final SignatureProvider BOUNCY_CASTLE = SignatureProvider.select("BouncyCastle");

  @Test
  void autoPrefersBouncyCastleOverTheJdk() {
    assertThat(BouncyCastle.PRESENT).isTrue();
    // Conscrypt is on the test class path: it keeps what it verifies, BouncyCastle takes EdDSA.
    assertThat(SignatureProvider.select("auto").bouncyCastle()).isTrue();
    assertThat(Signatures.route("EdDSA", SignatureProvider.select("auto")).verifier())
        .isEqualTo(BouncyCastle.NAME);
    assertThat(Signatures.route("ES384", BOUNCY_CASTLE).verifier()).isEqualTo(BouncyCastle.NAME);
    assertThat(Signatures.route("RS256", BOUNCY_CASTLE).verifier()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "ES384", "ES512", "EdDSA"})
  void tokensVerifyAndTamperedOnesDoNot(String alg) throws Exception {
    try (MockIssuer issuer = MockIssuer.builder().algorithm(alg).start()) {
      TokenVerifier verifier =
          TestVerifiers.builder(issuer, issuer.clock())
              .signatureProvider("BouncyCastle")
              .tokenCacheSize(0)
              .build();
      String token = issuer.token("alice");

      assertThat(verifier.verify(token).subject()).isEqualTo("alice");
      assertThat(verifier.signatureProvider()).isEqualTo("BouncyCastle");
      assertThatThrownBy(() -> verifier.verify(CookbookExamples.tampered(token)))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.failure().reason()).isEqualTo(FailureReason.BAD_SIGNATURE));
    }
  }

  /** ECDSA signatures are malleable: (r, n - s) verifies on the JDK, so it must here too. */
  @Test
  void highSVerifiesAsOnTheJdk() throws Exception {
    try (MockIssuer issuer = MockIssuer.builder().algorithm("ES256").start()) {
      String token = issuer.token("alice");
      VerificationKey key = VerificationKey.of(issuer.publicKey(issuer.signingKid()));
      int dot = token.lastIndexOf('.');
      byte[] input = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      BigInteger n = ((ECPublicKey) key.key()).getParams().getOrder();
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
      byte[] flipped = Arrays.copyOf(signature, 64);
      byte[] other = n.subtract(s).toByteArray();
      Arrays.fill(flipped, 32, 64, (byte) 0);
      int copy = Math.min(other.length, 32);
      System.arraycopy(other, other.length - copy, flipped, 64 - copy, copy);

      for (byte[] sig : new byte[][] {signature, flipped}) {
        assertThat(Signatures.verify("ES256", key, input, sig, BOUNCY_CASTLE))
            .isEqualTo(Signatures.verify("ES256", key, input, sig, JDK))
            .isTrue();
      }
      // r = 0, s = 0, and R || S with a byte too few or too many: refused on both paths.
      for (byte[] sig :
          new byte[][] {new byte[64], Arrays.copyOf(signature, 63), Arrays.copyOf(signature, 65)}) {
        assertThat(Signatures.verify("ES256", key, input, sig, BOUNCY_CASTLE)).isFalse();
        assertThat(Signatures.verify("ES256", key, input, sig, JDK)).isFalse();
      }
    }
  }

  /** A point off the curve (an invalid-curve attack's key) verifies nothing. */
  @Test
  void pointOffTheCurveIsRefused() throws Exception {
    try (MockIssuer issuer = MockIssuer.builder().algorithm("ES256").start()) {
      String token = issuer.token("alice");
      ECPublicKey real = (ECPublicKey) issuer.publicKey(issuer.signingKid());
      ECPoint moved =
          new ECPoint(real.getW().getAffineX(), real.getW().getAffineY().add(BigInteger.ONE));
      PublicKey offCurve =
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(moved, real.getParams()));
      int dot = token.lastIndexOf('.');
      byte[] input = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));

      assertThat(BouncyCastle.prepare(offCurve)).isSameAs(BouncyCastle.REFUSES);
      assertThat(
              Signatures.verify(
                  "ES256", VerificationKey.of(offCurve), input, signature, BOUNCY_CASTLE))
          .isFalse();
    }
  }

  @Test
  void rsaKeysAreLeftToTheJca() throws Exception {
    try (MockIssuer issuer = MockIssuer.builder().algorithm("RS256").start()) {
      assertThat(VerificationKey.of(issuer.publicKey(issuer.signingKid())).lightweight()).isNull();
    }
  }
}
