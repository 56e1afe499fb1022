package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gatehouse with {@code bcprov-jdk18on} excluded (issue 19): the {@code without-bouncycastle}
 * surefire execution runs this class alone on a class path without BouncyCastle nor Conscrypt (and
 * sets the property that enables it); every other execution skips it. Every algorithm still
 * verifies, on the JDK.
 */
@EnabledIfSystemProperty(named = "gatehouse.without-bouncycastle", matches = "true")
final class WithoutBouncyCastleTest {
  @ParameterizedTest
  @ValueSource(strings = {"ES256", "ES512", "RS256", "PS256", "EdDSA"})
  void theJdkVerifiesEveryAlgorithm(String alg) throws Exception {
    assertThat(BouncyCastle.PRESENT).isFalse();
    try (MockIssuer issuer = MockIssuer.builder().algorithm(alg).start()) {
      TokenVerifier verifier =
          TestVerifiers.builder(issuer, issuer.clock()).tokenCacheSize(0).build();

      assertThat(verifier.signatureProvider()).isEqualTo("jdk");
      assertThat(verifier.verify(issuer.token("alice")).subject()).isEqualTo("alice");
      assertThat(VerificationKey.of(issuer.publicKey(issuer.signingKid())).lightweight()).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"BouncyCastle", "bouncycastle"})
  void askingForBouncyCastleFailsAtStartUp(String setting) {
    assertThatThrownBy(() -> TokenVerifier.builder().signatureProvider(setting))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bcprov-jdk18on");
  }
}
