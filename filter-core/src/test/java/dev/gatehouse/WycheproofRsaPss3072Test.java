package dev.gatehouse;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code rsa_pss_3072_sha256_mgf1_32_test.json}: RSASSA-PSS / SHA-256, MGF1-SHA-256,
 * 32-byte salt, 3072-bit keys (PS256, RFC 7518 §3.5), every case through the signature layer the
 * verifier uses, once per loadable provider (issues 7 and 8).
 */
final class WycheproofRsaPss3072Test {
  private static final WycheproofSignatures FILE =
      new WycheproofSignatures(
          "rsa_pss_3072_sha256_mgf1_32_test.json", "PS256", "publicKeyJwk", Map.of());

  @BeforeAll
  static void vectorsArePresent() {
    VectorFiles.assumePresent();
  }

  static Stream<Arguments> cases() {
    return FILE.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifiesAsLabelled(WycheproofSignatures.Case vector) {
    FILE.check(vector);
  }

  @AfterAll
  static void summary() {
    FILE.printSummary();
  }
}
