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
 * Wycheproof {@code json_web_signature_test.json}: JWS cases (RFC 7515): encodings, algorithms, RSA
 * padding, ECDSA special cases, key use, through the verifier core with claim checks off ({@link
 * WycheproofJose}), once per loadable provider (issues 7 and 8).
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class WycheproofJwsTest {
  private static final WycheproofJose FILE =
      new WycheproofJose("json_web_signature_test.json", documented());

  /** Where this verifier's outcome differs from the label, and why (README "Security model"). */
  private static Map<Integer, WycheproofJose.Documented> documented() {
    Map<Integer, WycheproofJose.Documented> out = new HashMap<>();
    // hs256 acceptsValid, RFC 7520 Figure 35 (twice), base64 ValidMac / ValidEdgeCaseMac / spaces
    // in header.
    out.putAll(
        WycheproofJose.all(WycheproofJose.HMAC_BY_POLICY, 1, 348, 352, 357, 358, 359, 376, 377));
    out.putAll(
        WycheproofJose.all(
            new WycheproofJose.Documented(
                false,
                "token is not a compact JWS",
                "valid JWS with an empty payload: never a JWT (RFC 7519 §7.2), rejected as malformed"),
            259,
            264,
            268,
            272,
            320,
            325));
    out.putAll(
        WycheproofJose.all(
            new WycheproofJose.Documented(
                false,
                "no signing key matches the token",
                "RFC 7520 §4.2 is PS384 but the group key says alg PS256: the JWK alg is enforced (RFC 7517 §4.4)"),
            346,
            350));
    out.putAll(
        WycheproofJose.all(
            new WycheproofJose.Documented(
                false,
                "no signing key matches the token",
                "RFC 7520 §4.3 is ES512 but the group key says alg ES521 (no such algorithm): the JWK alg is enforced"),
            347,
            351));
    out.putAll(
        WycheproofJose.all(
            new WycheproofJose.Documented(
                false,
                "token is not canonical base64url",
                "'?' inside a base64url segment: Wycheproof tolerates decoders that skip it; ours is strict (RFC 7515 §2), and HS256 is refused anyway"),
            372,
            373));
    out.putAll(
        WycheproofJose.all(
            new WycheproofJose.Documented(
                false,
                "algorithm not allowed",
                "mislabelled upstream (C2SP/wycheproof#236): byte-identical to valid tcId 357; rejected here anyway, HS256 is never allowed"),
            367,
            370));
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
