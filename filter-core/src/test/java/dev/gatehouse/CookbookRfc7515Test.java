package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7515 Appendix A ({@code jose-cookbook/rfc7515_appendix_a.json}): the RS256, ES256 and ES512
 * examples verify at the signature layer on every provider, A.3's high-S ES256 signature included
 * (JOSE does not require low S); HMAC (A.1), unsecured (A.5), {@code crit} (Appendix E) and JSON
 * serialisations (A.6, A.7) are refused by the verifier core.
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class CookbookRfc7515Test {
  private static final String FILE = "jose-cookbook/rfc7515_appendix_a.json";

  @BeforeAll
  static void vectorsArePresent() {
    VectorFiles.assumePresent();
  }

  static Stream<Arguments> signed() {
    List<Arguments> out = new ArrayList<>();
    for (String provider : VectorFiles.providers()) {
      for (Map<String, Object> example : examples()) {
        if (example.get("publicJwk") != null && !"HS256".equals(example.get("alg"))) {
          out.add(
              Arguments.of(
                  provider,
                  new CookbookExamples.Example(
                      example.get("id") + " " + example.get("alg"),
                      (String) example.get("compact"),
                      Objects.requireNonNull(VectorFiles.object(example, "publicJwk")))));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("signed")
  void signatureVerifies(String provider, CookbookExamples.Example example) throws Exception {
    assertThat(CookbookExamples.verifies(example.compact(), example.jwk(), provider)).isTrue();
    assertThat(
            CookbookExamples.verifies(
                CookbookExamples.tampered(example.compact()), example.jwk(), provider))
        .isFalse();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("RFC7515-A.1", "algorithm not allowed"),
        Arguments.of("RFC7515-A.5", "unsigned tokens are not accepted"),
        Arguments.of("RFC7515-E", "unsigned tokens are not accepted"),
        Arguments.of("RFC7515-A.6", "token is not a compact JWS"),
        Arguments.of("RFC7515-A.7", "token is not a compact JWS"));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @MethodSource("refused")
  void isRefusedByTheVerifierCore(String id, String failure) {
    Map<String, Object> example =
        examples().stream().filter(e -> id.equals(e.get("id"))).findFirst().orElseThrow();
    Object token =
        example.containsKey("compact")
            ? example.get("compact")
            : JsonUtil.toJson(VectorFiles.object(example, "jsonSerialization"));

    if (token.toString().startsWith("{")) {
      // A JSON serialisation is never a compact JWS; one whose text has exactly four dots is
      // reported as a JWE by the segment count, which is just as much a refusal.
      assertThat(CookbookExamples.coreRefusal((String) token))
          .isIn(failure, "encrypted tokens (JWE) are not accepted");
    } else {
      assertThat(CookbookExamples.coreRefusal((String) token)).isEqualTo(failure);
    }
  }

  @org.junit.jupiter.api.Test
  void a3SignatureHasAHighS() {
    Map<String, Object> a3 =
        examples().stream()
            .filter(e -> "RFC7515-A.3".equals(e.get("id")))
            .findFirst()
            .orElseThrow();
    byte[] signature = java.util.Base64.getUrlDecoder().decode((String) a3.get("signatureB64"));
    java.math.BigInteger s =
        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
    java.math.BigInteger n = org.jose4j.keys.EllipticCurves.P256.getOrder();

    assertThat(s).isGreaterThan(n.shiftRight(1));
  }

  private static List<Map<String, Object>> examples() {
    return VectorFiles.objects(VectorFiles.json(FILE).get("examples"));
  }
}
