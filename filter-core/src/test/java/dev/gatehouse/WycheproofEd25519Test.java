package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code ed25519_test.json}: Ed25519 (EdDSA, RFC 8037 §3.1, RFC 8032 §5.1.7), every case
 * through the signature layer the verifier uses, once per loadable provider (issues 7 and 8).
 */
final class WycheproofEd25519Test {
  private static final WycheproofSignatures FILE =
      new WycheproofSignatures("ed25519_test.json", "EdDSA", "publicKeyJwk", Map.of());

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

  /** Issue 8: Conscrypt 2.5 has no EdDSA: the JDK verifies it whatever the setting. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void routesToTheExpectedProvider(String provider) {
    String expected = null;
    assertThat(WycheproofSignatures.routedTo("EdDSA", provider)).isEqualTo(expected);
  }

  @AfterAll
  static void summary() {
    FILE.printSummary();
  }
}
