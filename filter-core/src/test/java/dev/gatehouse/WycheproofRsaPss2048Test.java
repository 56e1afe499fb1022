package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code rsa_pss_2048_sha256_mgf1_32_test.json}: RSASSA-PSS / SHA-256, MGF1-SHA-256,
 * 32-byte salt, 2048-bit keys (PS256, RFC 7518 §3.5), every case through the signature layer the
 * verifier uses, once per loadable provider (issues 7 and 8).
 */
final class WycheproofRsaPss2048Test extends WycheproofSignatureFileTest {
  WycheproofRsaPss2048Test() {
    super(
        new WycheproofSignatures(
            "rsa_pss_2048_sha256_mgf1_32_test.json", "PS256", "publicKeyJwk", Map.of()));
  }

  /** Issue 8: Conscrypt verifies PSS as SHA256withRSA/PSS; BouncyCastle leaves RSA to the JDK. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void routesToTheExpectedProvider(String provider) {
    String expected = provider.equals("Conscrypt") ? "Conscrypt" : null;
    assertThat(WycheproofSignatures.routedTo("PS256", provider)).isEqualTo(expected);
  }
}
