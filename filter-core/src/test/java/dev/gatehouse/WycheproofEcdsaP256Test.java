package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code ecdsa_secp256r1_sha256_p1363_test.json}: ECDSA P-256 / SHA-256 in IEEE P1363
 * form (ES256, RFC 7518 §3.4), every case through the signature layer the verifier uses, once per
 * loadable provider (issues 7 and 8).
 */
final class WycheproofEcdsaP256Test extends WycheproofSignatureFileTest {
  WycheproofEcdsaP256Test() {
    super(
        new WycheproofSignatures(
            "ecdsa_secp256r1_sha256_p1363_test.json",
            "ES256",
            "publicKeyJwk",
            Map.of(
                115, WycheproofSignatures.sunEcUnreducedX(), // k*G has a large x-coordinate
                257, WycheproofSignatures.sunEcUnreducedX()))); // smallest x with a reduction
  }

  /** Issues 8, 19: the provider named (Conscrypt, BouncyCastle) verifies ES256 itself. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void routesToTheExpectedProvider(String provider) {
    String expected = provider.equals("jdk") ? null : provider;
    assertThat(WycheproofSignatures.routedTo("ES256", provider)).isEqualTo(expected);
  }
}
