package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.jwks.JwksSettings;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key source's lifetime, refresh, outage and cooldown rules (issue 3), on an injected clock.
 */
final class KeySourceTest {
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

  private KeySource source() {
    return source(JwksSettings.DEFAULTS);
  }

  private KeySource source(JwksSettings settings) {
    return KeySource.shared(issuer.jwksUri(), settings, clock);
  }

  @Test
  void keysAreFetchedOnceAndServedFromCacheForTheirLifetime() throws Exception {
    KeySource keys = source();

    assertThat(keys.keys(issuer.signingKid(), "ES256")).hasSize(1);
    clock.advance(Duration.ofMinutes(3));
    assertThat(keys.keys(issuer.signingKid(), "ES256")).hasSize(1);

    assertThat(issuer.jwks().hits()).isEqualTo(1);
    assertThat(keys.status().ready()).isTrue();
    assertThat(keys.status().keyCount()).isEqualTo(1);
  }

  @Test
  void concurrentFirstCallsShareOneFetch() throws Exception {
    issuer.jwks().delay(Duration.ofMillis(300));
    KeySource keys = source();

    Concurrently.run(50, () -> assertThat(keys.keys(issuer.signingKid(), "ES256")).hasSize(1));

    assertThat(issuer.jwks().hits()).isEqualTo(1);
  }

  @Test
  void refreshAheadServesCachedKeysWithoutWaiting() throws Exception {
    KeySource keys = source();
    keys.keys(issuer.signingKid(), "ES256");
    issuer.jwks().hang();
    clock.advance(Duration.ofSeconds(241)); // past 80 % of 5 minutes

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> assertThat(keys.keys(issuer.signingKid(), "ES256")).hasSize(1));
    eventually(() -> issuer.jwks().hits(), 2);
    issuer.jwks().release();
  }

  @Test
  void cacheControlMaxAgeIsHonouredAndClamped() throws Exception {
    issuer.jwks().cacheControl("public, max-age=10");
    KeySource keys = source();
    keys.keys(issuer.signingKid(), "ES256");

    clock.advance(Duration.ofSeconds(47)); // below 80 % of the 60 s floor
    keys.keys(issuer.signingKid(), "ES256");
    assertThat(issuer.jwks().hits()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2)); // past 48 s
    keys.keys(issuer.signingKid(), "ES256");
    eventually(() -> issuer.jwks().hits(), 2);
  }

  @Test
  void longMaxAgeIsClampedToOneDay() throws Exception {
    issuer.jwks().cacheControl("max-age=864000");
    KeySource keys = source();
    keys.keys(issuer.signingKid(), "ES256");

    clock.advance(Duration.ofHours(19));
    keys.keys(issuer.signingKid(), "ES256");
    assertThat(issuer.jwks().hits()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(12)); // past 80 % of 24 h
    keys.keys(issuer.signingKid(), "ES256");
    eventually(() -> issuer.jwks().hits(), 2);
  }

  @Test
  void ttlSettingAppliesWithoutCacheControl() throws Exception {
    KeySource keys = source(JwksSettings.DEFAULTS.withTtl(Duration.ofSeconds(10)));
    keys.keys(issuer.signingKid(), "ES256");

    clock.advance(Duration.ofSeconds(11));
    keys.keys(issuer.signingKid(), "ES256");

    assertThat(issuer.jwks().hits()).isEqualTo(2);
  }

  @Test
  void unchangedKeySetCostsA304() throws Exception {
    KeySource keys = source();
    keys.keys(issuer.signingKid(), "ES256");
    clock.advance(Duration.ofMinutes(6));

    assertThat(keys.keys(issuer.signingKid(), "ES256")).hasSize(1);

    assertThat(issuer.jwks().hits()).isEqualTo(2);
    assertThat(issuer.jwks().requestHeaders().get(1)).containsKey("if-none-match");
    assertThat(keys.status().lastSuccess()).isEqualTo(clock.instant());
  }

  @Test
  void staleKeysServeWhileTheIssuerFailsUpToMaxStale() throws Exception {
    KeySource keys = source();
    keys.keys(issuer.signingKid(), "ES256");
    issuer.jwks().respondWith(500);

    clock.advance(Duration.ofMinutes(10));
    assertThat(keys.keys(issuer.signingKid(), "ES256")).hasSize(1);
    assertThat(keys.status().stale()).isTrue();
    assertThat(keys.status().lastError()).isEqualTo("HTTP 500");

    clock.advance(Duration.ofHours(6));
    assertThatThrownBy(() -> keys.keys(issuer.signingKid(), "ES256"))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE));
  }

  @Test
  void failedFetchesBackOffFromOneSecondDoubling() {
    issuer.jwks().respondWith(503);
    KeySource keys = source();

    assertUnavailable(keys);
    settle(keys);
    assertUnavailable(keys);
    settle(keys);
    assertThat(issuer.jwks().hits()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertUnavailable(keys);
    settle(keys);
    assertThat(issuer.jwks().hits()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1)); // backoff is now 2 s
    assertUnavailable(keys);
    settle(keys);
    assertThat(issuer.jwks().hits()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    assertUnavailable(keys);
    settle(keys);
    assertThat(issuer.jwks().hits()).isEqualTo(3);
    assertThat(keys.status().failureStreak()).isEqualTo(3);
  }

  @Test
  void invalidJsonOversizedBodyAndTimeoutAreFetchFailures() {
    issuer.jwks().invalidJson();
    KeySource json = source();
    assertUnavailable(json);
    assertThat(json.status().lastError()).isEqualTo("invalid JWKS document");

    issuer.jwks().reset();
    issuer.jwks().oversized(600 * 1024);
    KeySource big = source(JwksSettings.DEFAULTS.withTtl(Duration.ofSeconds(11)));
    assertUnavailable(big);
    assertThat(big.status().lastError()).contains("exceeds");

    issuer.jwks().reset();
    issuer.jwks().hang();
    KeySource slow = source(JwksSettings.DEFAULTS.withTimeout(Duration.ofMillis(300)));
    assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertUnavailable(slow));
    assertThat(slow.status().lastError()).isEqualTo("timed out");
    issuer.jwks().release();
  }

  @Test
  void unknownKidRefreshesOnceThenWaitsForTheCooldown() throws Exception {
    KeySource keys = source();
    keys.keys(issuer.signingKid(), "ES256");

    assertThat(keys.keys("random-1", "ES256")).isEmpty();
    assertThat(issuer.jwks().hits()).isEqualTo(2);
    for (int i = 0; i < 1000; i++) {
      assertThat(keys.keys("random-" + i, "ES256")).isEmpty();
    }
    assertThat(issuer.jwks().hits()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(31));
    String rotated = issuer.rotate();
    assertThat(keys.keys(rotated, "ES256")).hasSize(1);
    assertThat(issuer.jwks().hits()).isEqualTo(3);
  }

  @Test
  void rotatedKeyIsAcceptedOnFirstRequest() throws Exception {
    KeySource keys = source();
    keys.keys(issuer.signingKid(), "ES256");
    String rotated = issuer.rotate();

    assertThat(keys.keys(rotated, "ES256")).hasSize(1);
    assertThat(issuer.jwks().hits()).isEqualTo(2);
  }

  @Test
  void retiredKeyStopsVerifyingAfterTheRefreshThatRemovedIt() throws Exception {
    KeySource keys = source();
    String old = issuer.signingKid();
    var oldKey = keys.keys(old, "ES256").get(0).key();
    issuer.rotate();
    issuer.retire(old);

    assertThat(keys.isPublished(oldKey, clock.millis())).isTrue();
    clock.advance(Duration.ofMinutes(6));
    assertThat(keys.keys(old, "ES256")).isEmpty();
    assertThat(keys.isPublished(oldKey, clock.millis())).isFalse();
  }

  @Test
  void keyMustFitTheAlgorithm() throws Exception {
    KeySource keys = source();

    assertThat(keys.keys(issuer.signingKid(), "ES384")).isEmpty();
    assertThat(keys.keys(issuer.signingKid(), "RS256")).isEmpty();
  }

  @Test
  void plainHttpIsRefusedExceptOnLoopback() {
    assertThatThrownBy(
            () ->
                KeySource.shared(
                    URI.create("http://idp.example.com/jwks"), JwksSettings.DEFAULTS, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://idp.example.com/jwks");
    assertThat(Locations.isAllowed(URI.create("https://idp.example.com/jwks"))).isTrue();
    assertThat(Locations.isAllowed(URI.create("http://[::1]:8080/jwks"))).isTrue();
    assertThat(Locations.isAllowed(URI.create("http://localhost/jwks"))).isTrue();
  }

  @Test
  void sharedSourceLeavesTheRegistryWhenItsLastUserReleasesIt() throws Exception {
    KeySource first = source();
    KeySource second = source();
    assertThat(second).isSameAs(first);
    assertThat(first.keys(issuer.signingKid(), "ES256")).hasSize(1);

    first.release();
    assertThat(source()).isSameAs(first);
    first.release();
    first.release();

    KeySource fresh = source();
    assertThat(fresh).isNotSameAs(first);
    assertThat(first.keys(issuer.signingKid(), "ES256"))
        .as("a released source still answers from the keys it has")
        .hasSize(1);
  }

  private static void assertUnavailable(KeySource keys) {
    assertThatThrownBy(() -> keys.keys("any", "ES256"))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE);
              assertThat(e.failure().retryAfter()).isNotNull();
            });
  }

  public static void eventually(IntSupplier value, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (value.getAsInt() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(value.getAsInt()).isEqualTo(expected);
  }

  /** Waits for the fetch a request started in the background, if one is in flight. */
  public static void settle(KeySource keys) {
    java.util.concurrent.CompletableFuture<Void> pending = keys.inflight();
    if (pending != null) {
      pending.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    }
  }
}
