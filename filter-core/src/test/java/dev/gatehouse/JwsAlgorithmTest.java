package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.DpopProver;
import dev.gatehouse.testkit.MockIssuer;
import java.util.List;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/**
 * The one algorithm table, and the test kit agreeing with it: the kit cannot use it (filter-core's
 * tests depend on the kit), so this test pins the two together.
 */
final class JwsAlgorithmTest {
  @Test
  void theTableIsTheSupportedList() {
    assertThat(JwsAlgorithm.SUPPORTED)
        .containsExactly(
            "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "EdDSA");
    assertThat(JwsAlgorithm.of("ES256")).contains(JwsAlgorithm.ES256);
    assertThat(JwsAlgorithm.of("es256")).isEmpty();
    assertThat(JwsAlgorithm.of("HS256")).isEmpty();
    assertThat(JwsAlgorithm.ES384.curves()).containsExactly("P-384");
    assertThat(JwsAlgorithm.ES512.minimumKeyBits()).isEqualTo(521);
    assertThat(JwsAlgorithm.PS256.keyType()).isEqualTo("RSA");
    assertThat(JwsAlgorithm.EdDSA.keyType()).isEqualTo("OKP");
    assertThatThrownBy(() -> JwsAlgorithm.allowList(List.of("none")))
        .hasMessageContaining("never accepted");
    assertThatThrownBy(() -> JwsAlgorithm.allowList(List.of("HS512")))
        .hasMessageContaining("never accepted");
    assertThatThrownBy(() -> JwsAlgorithm.allowList(List.of("ES256K")))
        .hasMessageContaining("not supported");
  }

  @Test
  void everyAlgorithmOfTheTestKitVerifiesThroughTheTable() throws Exception {
    for (JwsAlgorithm alg : JwsAlgorithm.values()) {
      try (MockIssuer issuer = MockIssuer.builder().algorithm(alg.name()).start()) {
        TokenVerifier verifier =
            TokenVerifier.builder()
                .issuer(
                    IssuerPolicy.builder(issuer.issuer())
                        .audiences("api")
                        .jwksUri(issuer.jwksUri())
                        .algorithms(alg.name())
                        .build())
                .build();
        try {
          assertThat(verifier.verify(issuer.token("alice")).subject())
              .as(alg.name())
              .isEqualTo("alice");
        } finally {
          verifier.close();
        }
      }
      DpopProver prover = DpopProver.generate(alg.name());
      JsonWebSignature proof = new JsonWebSignature();
      proof.setCompactSerialization(prover.proof("GET", java.net.URI.create("https://a.example/")));
      assertThat(alg.fits(proof.getJwkHeader())).as(alg.name()).isTrue();
      assertThat(alg.fits(proof.getJwkHeader().getPublicKey())).as(alg.name()).isTrue();
    }
  }
}
