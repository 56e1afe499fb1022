package dev.gatehouse;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code json_web_crypto_test.json}: JWS and JWE structure cases (RFC 7515, RFC 7516),
 * through the verifier core with claim checks off ({@link WycheproofJose}), once per loadable
 * provider (issues 7 and 8).
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class WycheproofJwcTest {
  private static final WycheproofJose FILE =
      new WycheproofJose("json_web_crypto_test.json", documented());

  /** Where this verifier's outcome differs from the label, and why (README "Security model"). */
  private static Map<Integer, WycheproofJose.Documented> documented() {
    Map<Integer, WycheproofJose.Documented> out = new HashMap<>();
    // jws_aes acceptsValid, jws_keyset acceptsValid.
    out.putAll(WycheproofJose.all(WycheproofJose.HMAC_BY_POLICY, 1, 48));
    // jwe_aes acceptsValid, jwe_ec acceptsValid.
    out.putAll(WycheproofJose.all(WycheproofJose.JWE_BY_POLICY, 50, 67));
    return out;
  }

  @BeforeAll
  static void vectorsArePresent() {
    VectorFiles.assumePresent();
  }

  static Stream<Arguments> cases() {
    return FILE.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outcomeMatchesTheLabel(WycheproofJose.Case vector) {
    FILE.check(vector);
  }

  @AfterAll
  static void summary() {
    FILE.printSummary();
    FILE.close();
  }
}
