package dev.gatehouse;

import dev.gatehouse.testkit.MockIssuer;
import java.time.Clock;

/** The verifier most tests need: one mock issuer, its default audience, its JWKS on loopback. */
public final class TestVerifiers {
  private TestVerifiers() {}

  /** A verifier of {@code issuer}'s tokens for audience {@code api}. */
  public static TokenVerifier of(MockIssuer issuer) {
    return builder(issuer).build();
  }

  /** The same, on {@code clock}, left open for more settings. */
  public static TokenVerifier.Builder builder(MockIssuer issuer, Clock clock) {
    return builder(issuer).clock(clock);
  }

  private static TokenVerifier.Builder builder(MockIssuer issuer) {
    return TokenVerifier.builder()
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .build());
  }
}
