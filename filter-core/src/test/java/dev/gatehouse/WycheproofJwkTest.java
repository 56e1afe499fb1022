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
 * Wycheproof {@code json_web_key_test.json}: JWK and JWKS handling (RFC 7517): mixed and duplicate
 * key sets, weak and mislabelled keys, through the verifier core with claim checks off ({@link
 * WycheproofJose}), once per loadable provider (issues 7 and 8).
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class WycheproofJwkTest {
  private static final WycheproofJose FILE =
      new WycheproofJose("json_web_key_test.json", documented());

  /** Where this verifier's outcome differs from the label, and why (README "Security model"). */
  private static Map<Integer, WycheproofJose.Documented> documented() {
    // jws_keyset acceptsValid, long HS256/384/512 keys.
    return new HashMap<>(WycheproofJose.all(WycheproofJose.HMAC_BY_POLICY, 2, 13, 14, 15));
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
