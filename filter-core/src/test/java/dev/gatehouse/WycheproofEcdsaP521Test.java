package dev.gatehouse;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code ecdsa_secp521r1_sha512_p1363_test.json}: ECDSA P-521 / SHA-512 in IEEE P1363
 * form (ES512, RFC 7518 §3.4), every case through the signature layer the verifier uses, once per
 * loadable provider (issues 7 and 8).
 */
final class WycheproofEcdsaP521Test {
  private static final WycheproofSignatures FILE =
      new WycheproofSignatures(
          "ecdsa_secp521r1_sha512_p1363_test.json",
          "ES512",
          "publicKeyJwk",
          Map.of(
              184, WycheproofSignatures.sunEcUnreducedX(), // k*G has a large x-coordinate
              313, WycheproofSignatures.sunEcUnreducedX())); // smallest x with a reduction

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
