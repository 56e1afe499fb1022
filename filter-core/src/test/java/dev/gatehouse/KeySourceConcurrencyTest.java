package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The concurrency and outage figures of issue 3's definition of done. */
final class KeySourceConcurrencyTest {
  private MockIssuer issuer;
  private TestClock clock;

  @BeforeEach
  void start() {
    clock = TestClock.now();
    issuer = MockIssuer.builder().clock(clock).start();
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private TokenVerifier verifier() {
    return TokenVerifier.builder()
        .clock(clock)
        .tokenCacheSize(0)
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .jwksTimeout(Duration.ofSeconds(2))
                .build())
        .build();
  }

  @Test
  void twoHundredThreadsWithANewlyRotatedKidCauseExactlyOneFetch() throws Exception {
    TokenVerifier verifier = verifier();
    verifier.verify(issuer.token("warm-up"));
    issuer.rotate();
    String token = issuer.token("alice");
    issuer.jwks().delay(Duration.ofMillis(200));

    Concurrently.run(200, () -> assertThat(verifier.verify(token).subject()).isEqualTo("alice"));

    assertThat(issuer.jwks().hits()).isEqualTo(2);
  }

  @Test
  void tenThousandRandomKidsOverAMinuteCostAtMostOneFetchPerCooldown() throws Exception {
    TokenVerifier verifier = verifier();
    String valid = issuer.token().expiresIn(Duration.ofHours(1)).sign();
    verifier.verify(valid);
    int failures = 0;
    String[] parts = valid.split("\\.");

    for (int i = 0; i < 10_000; i++) {
      clock.advance(Duration.ofMillis(6));
      // The kid is looked up before the signature is checked, so a re-headed token is enough.
      String header = "{\"alg\":\"ES256\",\"kid\":\"" + UUID.randomUUID() + "\"}";
      String bogus =
          Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(header.getBytes(StandardCharsets.UTF_8))
              + "."
              + parts[1]
              + "."
              + parts[2];
      try {
        verifier.verify(bogus);
      } catch (dev.gatehouse.AuthException expected) {
        failures++;
      }
      if (i % 100 == 0) {
        assertThat(verifier.verify(valid).subject()).isEqualTo("user-1");
      }
    }

    assertThat(failures).isEqualTo(10_000);
    // One initial fetch, then one unknown-kid refresh per 30 s cooldown over 60 s.
    assertThat(issuer.jwks().hits()).isLessThanOrEqualTo(1 + 2);
  }

  @Test
  void tenMinuteOutageWithCachedKeysCausesZeroFailures() {
    TokenVerifier verifier = verifier();
    String token = issuer.token().expiresIn(Duration.ofHours(1)).sign();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          verifier.verify(token);
          issuer.jwks().hang();
          for (int second = 0; second < 600; second++) {
            clock.advance(Duration.ofSeconds(1));
            Auth auth = verifier.verify(token);
            assertThat(auth.subject()).isEqualTo("user-1");
          }
        });
    assertThat(verifier.keyStatus().get(issuer.issuer()).stale()).isTrue();
    issuer.jwks().release();
  }
}
