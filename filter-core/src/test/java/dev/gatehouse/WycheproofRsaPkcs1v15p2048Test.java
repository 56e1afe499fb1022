package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code rsa_signature_2048_sha256_test.json}: RSASSA-PKCS1-v1_5 / SHA-256 with 2048-bit
 * keys (RS256, RFC 7518 §3.3), every case through the signature layer the verifier uses, once per
 * loadable provider (issues 7 and 8).
 */
final class WycheproofRsaPkcs1v15p2048Test extends WycheproofSignatureFileTest {
  WycheproofRsaPkcs1v15p2048Test() {
    super(
        new WycheproofSignatures(
            "rsa_signature_2048_sha256_test.json", "RS256", "keyJwk", Map.of()));
  }

  /** Issue 8: Conscrypt verifies SHA256withRSA itself; BouncyCastle leaves RSA to the JDK (19). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void routesToTheExpectedProvider(String provider) {
    String expected = provider.equals("Conscrypt") ? "Conscrypt" : null;
    assertThat(WycheproofSignatures.routedTo("RS256", provider)).isEqualTo(expected);
  }
}
