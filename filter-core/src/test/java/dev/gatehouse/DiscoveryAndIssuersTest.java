package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import org.junit.jupiter.api.Test;

/** Issuer discovery, fixed JWKS paths and several trusted issuers (issue 3). */
final class DiscoveryAndIssuersTest {
  private static TokenVerifier trusting(IssuerPolicy... policies) {
    TokenVerifier.Builder builder = TokenVerifier.builder();
    for (IssuerPolicy policy : policies) {
      builder.issuer(policy);
    }
    return builder.build();
  }

  @Test
  void jwksUriIsDiscoveredFromOpenIdConfiguration() throws Exception {
    try (MockIssuer issuer = MockIssuer.start()) {
      TokenVerifier verifier =
          trusting(IssuerPolicy.builder(issuer.issuer()).audiences("api").build());

      assertThat(verifier.verify(issuer.token("alice")).subject()).isEqualTo("alice");
      assertThat(issuer.openIdConfiguration().hits()).isEqualTo(1);
      assertThat(issuer.jwks().hits()).isEqualTo(1);
    }
  }

  @Test
  void discoveryFallsBackToRfc8414WithPathInsertion() throws Exception {
    try (MockIssuer issuer = MockIssuer.builder().issuerPath("/tenant1").start()) {
      issuer.openIdConfiguration().disable();
      TokenVerifier verifier =
          trusting(IssuerPolicy.builder(issuer.issuer()).audiences("api").build());

      assertThat(verifier.verify(issuer.token("alice")).subject()).isEqualTo("alice");
      assertThat(issuer.oauthMetadata().hits()).isEqualTo(1);
      assertThat(issuer.oauthMetadataUri().getPath())
          .isEqualTo("/.well-known/oauth-authorization-server/tenant1");
    }
  }

  @Test
  void metadataNamingAnotherIssuerMakesKeysUnavailableWithAClearError() {
    try (MockIssuer issuer = MockIssuer.start()) {
      issuer.metadataIssuer("https://impostor.example");
      TokenVerifier verifier =
          trusting(IssuerPolicy.builder(issuer.issuer()).audiences("api").build());

      assertThatThrownBy(() -> verifier.verify(issuer.token("alice")))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE));
      assertThat(verifier.keyStatus().get(issuer.issuer()).lastError())
          .contains("names issuer https://impostor.example, expected " + issuer.issuer());
      assertThat(issuer.jwks().hits()).isZero();
    }
  }

  @Test
  void jwksPathRelativeToTheIssuerSkipsDiscovery() throws Exception {
    try (MockIssuer issuer =
        MockIssuer.builder().jwksPath("/_torii/.well-known/jwks.json").start()) {
      TokenVerifier verifier =
          trusting(
              IssuerPolicy.builder(issuer.issuer())
                  .audiences("api")
                  .jwksPath("/_torii/.well-known/jwks.json")
                  .build());

      assertThat(verifier.verify(issuer.token("alice")).subject()).isEqualTo("alice");
      assertThat(issuer.openIdConfiguration().hits()).isZero();
      assertThat(issuer.jwks().hits()).isEqualTo(1);
    }
  }

  @Test
  void eachIssuerHasItsOwnPolicyAndOthersAreRejectedWithoutNetwork() throws Exception {
    try (MockIssuer a = MockIssuer.start();
        MockIssuer b = MockIssuer.builder().audience("b-api").start();
        MockIssuer stranger = MockIssuer.start()) {
      TokenVerifier verifier =
          trusting(
              IssuerPolicy.builder(a.issuer()).audiences("api").jwksUri(a.jwksUri()).build(),
              IssuerPolicy.builder(b.issuer()).audiences("b-api").jwksUri(b.jwksUri()).build());

      assertThat(verifier.verify(a.token("from-a")).issuer()).isEqualTo(a.issuer());
      assertThat(verifier.verify(b.token("from-b")).issuer()).isEqualTo(b.issuer());
      assertThatThrownBy(() -> verifier.verify(a.token().audience("b-api").sign()))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_AUDIENCE));
      assertThatThrownBy(() -> verifier.verify(stranger.token("x")))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_ISSUER));
      assertThat(stranger.jwks().hits() + stranger.openIdConfiguration().hits()).isZero();
      assertThat(verifier.keyStatus()).containsOnlyKeys(a.issuer(), b.issuer());
    }
  }

  @Test
  void issuerConfiguredTwiceIsRejected() {
    IssuerPolicy policy = IssuerPolicy.builder("https://idp.example").audiences("api").build();

    assertThatThrownBy(() -> trusting(policy, policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("issuer configured twice: https://idp.example");
  }
}
