package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code ed25519_test.json}: Ed25519 (EdDSA, RFC 8037 §3.1, RFC 8032 §5.1.7), every case
 * through the signature layer the verifier uses, once per loadable provider (issues 7 and 8).
 */
final class WycheproofEd25519Test extends WycheproofSignatureFileTest {
  WycheproofEd25519Test() {
    super(new WycheproofSignatures("ed25519_test.json", "EdDSA", "publicKeyJwk", Map.of()));
  }

  /** Issues 8, 19: Conscrypt 2.5 has no EdDSA (the JDK verifies it); BouncyCastle does. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void routesToTheExpectedProvider(String provider) {
    String expected = provider.equals(BouncyCastle.NAME) ? BouncyCastle.NAME : null;
    assertThat(WycheproofSignatures.routedTo("EdDSA", provider)).isEqualTo(expected);
  }
}
