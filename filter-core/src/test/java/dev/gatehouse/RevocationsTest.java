package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's revocations in core: each kind refuses the tokens it names, on a fresh verification
 * and on a cache hit, and lapses when no token it could match is valid any more.
 */
final class RevocationsTest {
  private TestClock clock;
  private MockIssuer issuer;
  private TokenVerifier verifier;

  @BeforeEach
  void start() {
    clock = TestClock.now();
    issuer = MockIssuer.builder().clock(clock).start();
    verifier = TestVerifiers.builder(issuer, clock).build();
  }

  @AfterEach
  void stop() {
    verifier.close();
    issuer.close();
  }

  private Auth authenticate(String token) throws AuthException {
    return verifier.authenticate(List.of("Bearer " + token));
  }

  private void assertRevoked(String token) {
    assertThatThrownBy(() -> authenticate(token))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.failure().reason()).isEqualTo(FailureReason.REVOKED);
              assertThat(e.getMessage()).isEqualTo("token revoked");
            });
  }

  @Test
  void aRevokedTokenIsRefusedEvenWhenCached() throws Exception {
    String token = issuer.token().jwtId("jti-1").sign();
    String other = issuer.token().jwtId("jti-2").sign();
    authenticate(token);

    verifier.revocations().revokeToken(issuer.issuer(), "jti-1");

    assertRevoked(token);
    assertThat(authenticate(other).tokenId()).isEqualTo("jti-2");
  }

  @Test
  void aRevokedSessionRefusesEveryTokenOfIt() throws Exception {
    String first = issuer.token().claim("sid", "s-1").sign();
    String second = issuer.token().claim("sid", "s-1").jwtId("again").sign();
    authenticate(first);

    verifier.revocations().revokeSession(issuer.issuer(), "s-1");

    assertRevoked(first);
    assertRevoked(second);
    assertThat(authenticate(issuer.token().claim("sid", "s-2").sign())).isNotNull();
  }

  @Test
  void aBannedSubjectsTokensIssuedBeforeTheBanAreRefused() throws Exception {
    String before = issuer.token().subject("mallory").sign();
    authenticate(before);

    verifier
        .revocations()
        .revokeSubject(issuer.issuer(), "mallory", clock.instant().plusSeconds(1));
    clock.advance(Duration.ofSeconds(2));

    assertRevoked(before);
    assertThat(authenticate(issuer.token().subject("mallory").sign()).subject())
        .isEqualTo("mallory");
    assertThat(authenticate(issuer.token().subject("alice").sign()).subject()).isEqualTo("alice");
  }

  @Test
  void aClientRevocationMatchesClientIdElseAzp() throws Exception {
    String byClientId = issuer.token().claim("client_id", "app").sign();
    String byAzp = issuer.token().claim("azp", "app").sign();

    verifier.revocations().revokeClient(issuer.issuer(), "app", clock.instant().plusSeconds(1));

    assertRevoked(byClientId);
    assertRevoked(byAzp);
  }

  @Test
  void aTokenWithoutIatIsRefusedWhileItsSubjectHasAnEntry() {
    String noIat = issuer.token().subject("mallory").withoutClaim("iat").sign();

    verifier
        .revocations()
        .revokeSubject(issuer.issuer(), "mallory", clock.instant().minusSeconds(60));

    assertRevoked(noIat);
  }

  @Test
  void entriesAreScopedToTheirIssuer() throws Exception {
    String token = issuer.token().jwtId("jti-1").sign();

    verifier.revocations().revokeToken("https://other.example", "jti-1");

    assertThat(authenticate(token).tokenId()).isEqualTo("jti-1");
  }

  @Test
  void entriesLapseOnceNoTokenTheyCouldMatchIsValid() throws Exception {
    authenticate(issuer.token().expiresIn(Duration.ofMinutes(10)).sign());
    verifier.revocations().revokeToken(issuer.issuer(), "jti-x");
    assertThat(verifier.revocations().count()).isEqualTo(1);
    assertThat(verifier.revocations().entries().get(0).expiresAt())
        .isBeforeOrEqualTo(clock.instant().plus(Duration.ofMinutes(10)));

    clock.advance(Duration.ofMinutes(11));

    assertThat(verifier.revocations().count()).isZero();
  }

  @Test
  void withoutAnyTokenSeenAnEntryLivesAtMostTheCap() {
    Revocations list = Revocations.create(clock);
    list.revokeSession("https://idp.example", "s");
    Instant expires = list.entries().get(0).expiresAt();

    assertThat(expires).isEqualTo(clock.instant().plus(Revocations.MAX_ENTRY_LIFETIME));
  }

  @Test
  void aSharedListServesSeveralVerifiers() {
    Revocations shared = Revocations.create(clock);
    TokenVerifier first = TestVerifiers.builder(issuer, clock).revocations(shared).build();
    TokenVerifier second = TestVerifiers.builder(issuer, clock).revocations(shared).build();
    String token = issuer.token().jwtId("shared").sign();

    shared.revokeToken(issuer.issuer(), "shared");

    for (TokenVerifier v : List.of(first, second)) {
      assertThatThrownBy(() -> v.verify(token)).isInstanceOf(AuthException.class);
      assertThat(v.revocations()).isSameAs(shared);
      v.close();
    }
  }

  @Test
  void listenersHearLocalRecordsButNotAppliedOnes() throws Exception {
    List<Revocations.Entry> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    verifier.revocations().addListener(heard::add);
    verifier.revocations().revokeSession(issuer.issuer(), "s-1");
    Revocations.Entry remote =
        new Revocations.Entry(
            Revocations.Kind.TOKEN,
            issuer.issuer(),
            "jti-9",
            clock.instant(),
            clock.instant().plus(Duration.ofMinutes(10)));
    verifier.revocations().apply(remote);

    assertThat(heard).singleElement().satisfies(e -> assertThat(e.value()).isEqualTo("s-1"));
    assertRevoked(issuer.token().jwtId("jti-9").sign());
    assertThat(verifier.revocations().count()).isEqualTo(2);
  }

  @Test
  void anAppliedEntryThatLapsedOrClaimsTooLongALifeIsBounded() {
    Instant now = clock.instant();
    Revocations revocations = verifier.revocations();
    revocations.apply(
        new Revocations.Entry(
            Revocations.Kind.TOKEN, issuer.issuer(), "old", now.minusSeconds(600), now));
    revocations.apply(
        new Revocations.Entry(
            Revocations.Kind.TOKEN,
            issuer.issuer(),
            "forever",
            now,
            now.plus(Duration.ofDays(3650))));
    assertThat(revocations.entries())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.expiresAt())
                    .isBeforeOrEqualTo(now.plus(Revocations.MAX_ENTRY_LIFETIME.multipliedBy(2))));
    assertThatThrownBy(
            () -> revocations.revokeSubject(issuer.issuer(), "x", now.plus(Duration.ofDays(2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStaleReplicaRefusesEveryTokenWith503UntilItIsInStepAgain() throws Exception {
    String token = issuer.token().sign();
    authenticate(token);
    Revocations revocations = verifier.revocations();
    revocations.maxStaleness(Duration.ofSeconds(5));
    assertStale(token);
    revocations.markSynced();
    assertThat(authenticate(token).subject()).isEqualTo("user-1");
    clock.advance(Duration.ofSeconds(6));
    assertStale(token);
    revocations.markSynced();
    assertThat(authenticate(token).subject()).isEqualTo("user-1");
  }

  private void assertStale(String token) {
    assertThatThrownBy(() -> authenticate(token))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.failure().reason()).isEqualTo(FailureReason.REVOCATIONS_STALE);
              assertThat(e.failure().reason().status()).isEqualTo(503);
              assertThat(e.failure().retryAfter()).isNotNull();
            });
  }
}
