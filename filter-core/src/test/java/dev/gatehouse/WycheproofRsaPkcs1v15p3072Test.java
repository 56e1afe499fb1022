package dev.gatehouse;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code rsa_signature_3072_sha256_test.json}: RSASSA-PKCS1-v1_5 / SHA-256 with 3072-bit
 * keys (RS256, RFC 7518 §3.3), every case through the signature layer the verifier uses, once per
 * loadable provider (issues 7 and 8).
 */
final class WycheproofRsaPkcs1v15p3072Test {
  private static final WycheproofSignatures FILE =
      new WycheproofSignatures("rsa_signature_3072_sha256_test.json", "RS256", "keyJwk", Map.of());

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
