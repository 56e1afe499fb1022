package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12: an OpenID Connect ID token (or a logout or refresh token) is not an access token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class IdTokenTest {
  private MockIssuer issuer;
  private TokenVerifier strict;
  private TokenVerifier lenient;

  @BeforeAll
  void start() {
    issuer = MockIssuer.start();
    strict = verifier(false);
    lenient = verifier(true);
  }

  private TokenVerifier verifier(boolean allowIdTokens) {
    return TokenVerifier.builder()
        .tokenCacheSize(0)
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .allowIdTokens(allowIdTokens)
                .build())
        .build();
  }

  @AfterAll
  void stop() {
    strict.close();
    lenient.close();
    issuer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nonce", "at_hash", "c_hash"})
  void idTokenClaimsAreRefusedUnlessAllowed(String claim) throws Exception {
    String token = issuer.token().claim(claim, "x").sign();

    assertThatThrownBy(() -> strict.authenticate(List.of("Bearer " + token)))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.failure().reason()).isEqualTo(FailureReason.MALFORMED_TOKEN);
              assertThat(e.getMessage()).contains("ID token");
            });
    assertThat(lenient.authenticate(List.of("Bearer " + token)).subject()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ID", "Refresh", "Logout", "logout+jwt", "secevent+jwt"})
  void aTypClaimNamingAnotherTokenTypeIsRefused(String typ) {
    String token = issuer.token().claim("typ", typ).sign();

    assertThatThrownBy(() -> strict.authenticate(List.of("Bearer " + token)))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("token type not accepted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "at+jwt", "JWT"})
  void aTypClaimNamingAnAccessTokenIsAccepted(String typ) throws Exception {
    String token = issuer.token().claim("typ", typ).sign();

    assertThat(strict.authenticate(List.of("Bearer " + token)).subject()).isNotEmpty();
  }
}
