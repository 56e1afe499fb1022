package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8037 Appendix A.4 ({@code jose-cookbook/curve25519/jws.json}): the Ed25519 example verifies
 * at the signature layer on every provider, and passes the verifier core's header policy.
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class CookbookRfc8037Test {
  @BeforeAll
  static void vectorsArePresent() {
    VectorFiles.assumePresent();
  }

  @ParameterizedTest(name = "[{0}] RFC 8037 A.4 EdDSA")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void signatureVerifies(String provider) throws Exception {
    Map<String, Object> example = VectorFiles.json("jose-cookbook/curve25519/jws.json");
    Map<String, Object> key =
        Objects.requireNonNull(
            VectorFiles.object(
                Objects.requireNonNull(VectorFiles.object(example, "input")), "key"));
    String compact =
        (String) Objects.requireNonNull(VectorFiles.object(example, "output")).get("compact");

    assertThat(compact)
        .isEqualTo(
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
                + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
    assertThat(CookbookExamples.verifies(compact, key, provider)).isTrue();
    assertThat(CookbookExamples.verifies(CookbookExamples.tampered(compact), key, provider))
        .isFalse();
    assertThat(CookbookExamples.coreRefusal(compact)).isNull();
  }
}
