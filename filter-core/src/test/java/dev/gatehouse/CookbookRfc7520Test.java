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
 * RFC 7520 §4 ({@code jose-cookbook/jws/4_*.json}): the RS256 (4.1), PS384 (4.2) and ES512 (4.3)
 * signatures verify at the signature layer on every provider; the HMAC (4.4), detached-content
 * (4.5) and JSON-only (4.6 to 4.8) examples are refused by the verifier core.
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class CookbookRfc7520Test {
  @BeforeAll
  static void vectorsArePresent() {
    VectorFiles.assumePresent();
  }

  static Stream<Arguments> signed() {
    List<Arguments> out = new ArrayList<>();
    for (String provider : VectorFiles.providers()) {
      for (String file :
          List.of(
              "4_1.rsa_v15_signature.json",
              "4_2.rsa-pss_signature.json",
              "4_3.ecdsa_signature.json")) {
        Map<String, Object> example = VectorFiles.json("jose-cookbook/jws/" + file);
        Map<String, Object> input = Objects.requireNonNull(VectorFiles.object(example, "input"));
        Map<String, Object> output = Objects.requireNonNull(VectorFiles.object(example, "output"));
        out.add(
            Arguments.of(
                provider,
                new CookbookExamples.Example(
                    "RFC 7520 " + file + " " + input.get("alg"),
                    (String) output.get("compact"),
                    Objects.requireNonNull(VectorFiles.object(input, "key")))));
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
        Arguments.of("4_4.hmac-sha2_integrity_protection.json", "algorithm not allowed"),
        Arguments.of("4_5.signature_with_detached_content.json", "token is not a compact JWS"),
        Arguments.of("4_6.protecting_specific_header_fields.json", "token is not a compact JWS"),
        Arguments.of("4_7.protecting_content_only.json", "token is not a compact JWS"),
        Arguments.of("4_8.multiple_signatures.json", "token is not a compact JWS"));
  }

  @ParameterizedTest(name = "RFC 7520 {0} is refused: {1}")
  @MethodSource("refused")
  void isRefusedByTheVerifierCore(String file, String failure) {
    Map<String, Object> output =
        Objects.requireNonNull(
            VectorFiles.object(VectorFiles.json("jose-cookbook/jws/" + file), "output"));
    Object token =
        output.containsKey("compact")
            ? output.get("compact")
            : JsonUtil.toJson(VectorFiles.object(output, "json"));

    if (token.toString().startsWith("{")) {
      // A JSON serialisation is never a compact JWS; one whose text has exactly four dots is
      // reported as a JWE by the segment count, which is just as much a refusal.
      assertThat(CookbookExamples.coreRefusal((String) token))
          .isIn(failure, "encrypted tokens (JWE) are not accepted");
    } else {
      assertThat(CookbookExamples.coreRefusal((String) token)).isEqualTo(failure);
    }
  }
}
