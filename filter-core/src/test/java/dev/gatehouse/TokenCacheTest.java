package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache's correctness (issue 8): it may only ever answer what verification
 * would.
 */
final class TokenCacheTest {
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

  private TokenVerifier verifier(int size, Duration maxAge) {
    return TokenVerifier.builder()
        .clock(clock)
        .tokenCacheSize(size)
        .tokenCacheMaxAge(maxAge)
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .leeway(Duration.ZERO)
                .jwksUri(issuer.jwksUri())
                .build())
        .build();
  }

  private static List<String> bearer(String token) {
    return List.of("Bearer " + token);
  }

  @Test
  void repeatedTokenIsServedFromTheCache() throws Exception {
    TokenVerifier verifier = verifier(100, Duration.ofMinutes(5));
    String token = issuer.token("alice");

    Auth first = verifier.authenticate(bearer(token));
    Auth second = verifier.authenticate(bearer(token));

    assertThat(second).isSameAs(first);
    assertThat(verifier.verify(token)).isEqualTo(first);
  }

  @Test
  void entryNeverOutlivesTheTokensExpiry() throws Exception {
    TokenVerifier verifier = verifier(100, Duration.ofHours(1));
    String token = issuer.token().expiresIn(Duration.ofSeconds(60)).sign();
    verifier.authenticate(bearer(token));

    clock.advance(Duration.ofSeconds(59));
    assertThat(verifier.authenticate(bearer(token)).subject()).isEqualTo("user-1");
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> verifier.authenticate(bearer(token)))
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.EXPIRED));
  }

  @Test
  void entryNeverOutlivesTheMaximumAge() throws Exception {
    TokenVerifier verifier = verifier(100, Duration.ofSeconds(30));
    String token = issuer.token().expiresIn(Duration.ofHours(1)).sign();
    Auth first = verifier.authenticate(bearer(token));

    clock.advance(Duration.ofSeconds(31));

    assertThat(verifier.authenticate(bearer(token))).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void entriesVerifiedWithARemovedKeyStopHitting() throws Exception {
    TokenVerifier verifier = verifier(100, Duration.ofHours(1));
    String old = issuer.signingKid();
    String token = issuer.token().expiresIn(Duration.ofHours(1)).sign();
    verifier.authenticate(bearer(token));
    issuer.rotate();
    issuer.retire(old);

    clock.advance(Duration.ofMinutes(6));
    // Still cached: this hit starts the refresh that drops the key; wait for that refresh itself.
    verifier.authenticate(bearer(token));
    var source =
        KeySource.shared(issuer.jwksUri(), dev.gatehouse.jwks.JwksSettings.DEFAULTS, clock);
    try {
      KeySourceTest.settle(source);
    } finally {
      source.release();
    }
    assertThat(issuer.jwks().hits()).isEqualTo(2);

    assertThatThrownBy(() -> verifier.authenticate(bearer(token)))
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.UNKNOWN_KEY));
  }

  @Test
  void cacheIsBoundedBySize() throws Exception {
    TokenCache cache =
        new TokenCache(10, TokenCache.DEFAULT_MAX_BYTES, Duration.ofMinutes(5), clock);
    TokenVerifier verifier = verifier(0, Duration.ofMinutes(5));
    Auth auth = verifier.verify(issuer.token("x"));
    var source =
        KeySource.shared(issuer.jwksUri(), dev.gatehouse.jwks.JwksSettings.DEFAULTS, clock);
    var key = issuer.publicKey(issuer.signingKid());

    for (int i = 0; i < 100; i++) {
      cache.put(TokenKey.of("token-" + i), auth, source, key);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void cacheIsBoundedByEstimatedBytesWhateverTheTokenSize() throws Exception {
    long maxBytes = 1024 * 1024;
    TokenCache cache = new TokenCache(10_000, maxBytes, Duration.ofMinutes(5), clock);
    TokenVerifier verifier = verifier(0, Duration.ofMinutes(5));
    Auth auth = verifier.verify(issuer.token("x"));
    var source =
        KeySource.shared(issuer.jwksUri(), dev.gatehouse.jwks.JwksSettings.DEFAULTS, clock);
    var key = issuer.publicKey(issuer.signingKid());
    String large = "t".repeat(8 * 1024);

    for (int i = 0; i < 1_000; i++) {
      cache.put(TokenKey.of(large + i), auth, source, key);
    }

    assertThat(cache.size() * TokenCache.estimatedBytes(large)).isLessThanOrEqualTo(maxBytes);
    assertThat(cache.size()).isGreaterThan(10);
    source.release();
  }

  @Test
  void keysCompareWholeTokensThoughTheyHashOnlyTheirEnd() {
    String a = "aaaaaaaaaa." + "x".repeat(40);
    String b = "bbbbbbbbbb." + "x".repeat(40);

    assertThat(TokenKey.of(a)).hasSameHashCodeAs(TokenKey.of(b)).isNotEqualTo(TokenKey.of(b));
    assertThat(TokenKey.of("Bearer " + a, 7, 7 + a.length())).isEqualTo(TokenKey.of(a));
    assertThat(TokenKey.of(a).toString()).doesNotContain("x");
  }

  @Test
  void failuresAreNeverCached() throws Exception {
    TokenVerifier verifier = verifier(100, Duration.ofMinutes(5));
    String notYet = issuer.token().notBefore(clock.instant().plusSeconds(10)).sign();

    assertThatThrownBy(() -> verifier.authenticate(bearer(notYet)))
        .isInstanceOf(AuthException.class);
    clock.advance(Duration.ofSeconds(10));

    assertThat(verifier.authenticate(bearer(notYet)).subject()).isEqualTo("user-1");
  }

  @Test
  void disabledCacheVerifiesEveryTime() throws Exception {
    TokenVerifier verifier = verifier(0, Duration.ofMinutes(5));
    String token = issuer.token("alice");

    assertThat(verifier.authenticate(bearer(token)))
        .isNotSameAs(verifier.authenticate(bearer(token)));
  }

  @Test
  void scopesAreStillEnforcedOnACacheHit() throws Exception {
    TokenVerifier verifier = verifier(100, Duration.ofMinutes(5));
    Guard readers = Guard.builder(verifier).requiredScopes("books.read").build();
    Guard writers = Guard.builder(verifier).requiredScopes("books.write").build();
    List<String> header = bearer(issuer.token().scopes("books.read").sign());

    RequestView view =
        RequestView.builder("GET", "/books")
            .headers(name -> name.equalsIgnoreCase("Authorization") ? header : List.of())
            .build();

    assertThat(readers.decide(view)).isInstanceOf(Decision.Proceed.class);
    Decision hit = writers.decide(view);

    assertThat(hit).isInstanceOf(Decision.Refuse.class);
    assertThat(((Decision.Refuse) hit).rejection().status()).isEqualTo(403);
  }

  @Test
  void aDifferentTokenNeverHits() throws Exception {
    TokenVerifier verifier = verifier(100, Duration.ofMinutes(5));
    String token = issuer.token("alice");
    verifier.authenticate(bearer(token));
    // Change one signature character (never the last, whose low bits must stay zero).
    char c = token.charAt(token.length() - 2);
    String tampered =
        token.substring(0, token.length() - 2)
            + (c == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);
    assertThat(tampered).isNotEqualTo(token);

    assertThatThrownBy(() -> verifier.authenticate(bearer(tampered)))
        .isInstanceOf(AuthException.class);
  }
}
