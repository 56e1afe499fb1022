package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.Settings;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, opaque tokens through RFC 7662 introspection, on a real Jetty against the mock issuer's
 * real introspection endpoint: the same Auth and rules as a JWT, a cache keyed by the token's hash
 * with bounded lifetimes, one call per token at a time, and 503 (never 401, never a hang) when the
 * endpoint fails.
 */
final class IntrospectionTest {
  private TestClock clock;
  private MockIssuer issuer;
  private TokenVerifier verifier;
  private TestServer server;

  @BeforeEach
  void start() {
    clock = TestClock.now();
    issuer = MockIssuer.builder().clock(clock).start();
    verifier = verifier(false);
    Guard guard =
        Guard.builder(verifier)
            .rule(new RouteRule("GET", "/books/*", Requirement.scopes("books.read")))
            .build();
    server = TestServer.start(new RequireAuthFilter(guard));
  }

  private TokenVerifier verifier(boolean secretInForm) {
    return TokenVerifier.builder()
        .clock(clock)
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .jwksTimeout(Duration.ofMillis(800))
                .introspectionUri(issuer.introspectionUri())
                .introspectionClient(
                    MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                .introspectionSecretInForm(secretInForm)
                .build())
        .build();
  }

  @AfterEach
  void stop() {
    issuer.introspection().release();
    server.close();
    verifier.close();
    issuer.close();
  }

  @Test
  void anActiveOpaqueTokenIsTheSameAuthAsAJwtWithItsScopes() {
    String token = issuer.opaqueToken("alice", "books.read");
    HttpResponse<String> answer = server.bearer("/books/1", token);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("alice");
    String reader = issuer.opaqueToken("bob");
    HttpResponse<String> refused = server.bearer("/books/1", reader);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("insufficient_scope");
  }

  @Test
  void anUnknownOrInactiveTokenIs401NotActiveAndTheAnswerIsCachedBriefly() {
    String bad = "not-a-token-the-issuer-knows";
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> answer = server.bearer("/api", bad);
      assertThat(answer.statusCode()).isEqualTo(401);
      assertThat(answer.body()).contains("token not active");
    }
    assertThat(issuer.introspection().hits()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(11));
    server.bearer("/api", bad);
    assertThat(issuer.introspection().hits()).isEqualTo(2);
  }

  @Test
  void anActiveAnswerIsReusedUntilTheCacheLifetimeThenAskedAgain() {
    String token = issuer.opaqueToken("carol");
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);
    assertThat(issuer.introspection().hits()).isEqualTo(1);
    issuer.revokeOpaque(token);
    clock.advance(Duration.ofSeconds(61));
    HttpResponse<String> refused = server.bearer("/api", token);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("token not active");
  }

  @Test
  void aJwtIsStillVerifiedLocally() {
    assertThat(server.bearer("/api", issuer.token("dave")).statusCode()).isEqualTo(200);
    assertThat(issuer.introspection().hits()).isZero();
  }

  @Test
  void concurrentRequestsWithOneTokenShareOneCall() throws Exception {
    String token = issuer.opaqueToken("erin");
    issuer.introspection().delay(Duration.ofMillis(300));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> server.bearer("/api", token).statusCode()));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(issuer.introspection().hits()).isEqualTo(1);
  }

  @Test
  void endpointFailuresAre503WithRetryAfterAndAreNeverCached() {
    String token = issuer.opaqueToken("frank");
    issuer.introspection().respondWith(500);
    assertUnavailable(token);
    issuer.introspection().reset().invalidJson();
    assertUnavailable(token);
    issuer.introspection().reset().oversized(200_000);
    assertUnavailable(token);
    issuer.introspection().reset().hang();
    long start = System.nanoTime();
    assertUnavailable(token);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    issuer.introspection().release().reset();
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);
  }

  private void assertUnavailable(String token) {
    HttpResponse<String> answer = server.bearer("/api", token);
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    assertThat(answer.body())
        .doesNotContain(MockIssuer.INTROSPECTION_CLIENT_SECRET)
        .doesNotContain(token);
  }

  @Test
  void answersThatBreakARuleAreRefused() {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("iss", issuer.issuer());
    base.put("sub", "gina");
    base.put("aud", "api");
    base.put("exp", now + 300);
    Map<String, Object> otherIssuer = new LinkedHashMap<>(base);
    otherIssuer.put("iss", "https://elsewhere.example");
    Map<String, Object> expired = new LinkedHashMap<>(base);
    expired.put("exp", now - 600);
    Map<String, Object> otherAudience = new LinkedHashMap<>(base);
    otherAudience.put("aud", "another-api");
    Map<String, Object> noAudience = new LinkedHashMap<>(base);
    noAudience.remove("aud");
    for (Map<String, Object> members : List.of(otherIssuer, expired, otherAudience, noAudience)) {
      HttpResponse<String> answer = server.bearer("/api", issuer.opaqueToken(members));
      assertThat(answer.statusCode()).as(members.toString()).isEqualTo(401);
      assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("invalid_token");
    }
    Map<String, Object> clientToken = new LinkedHashMap<>(base);
    clientToken.remove("sub");
    clientToken.put("client_id", "batch-job");
    HttpResponse<String> client = server.bearer("/api", issuer.opaqueToken(clientToken));
    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.body()).contains("batch-job");
  }

  @Test
  void revocationsApplyToOpaqueTokens() {
    String token = issuer.opaqueToken("henry");
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);
    verifier.revocations().revokeSubject(issuer.issuer(), "henry", clock.instant().plusSeconds(1));
    HttpResponse<String> refused = server.bearer("/api", token);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("token revoked");
  }

  @Test
  void theClientSecretCanGoInTheFormAndAWrongOneIsTheServersFailure() throws Exception {
    try (TokenVerifier form = verifier(true)) {
      assertThat(form.verify(issuer.opaqueToken("ivan")).subject()).isEqualTo("ivan");
    }
    try (TokenVerifier wrong =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .introspectionUri(issuer.introspectionUri())
                    .introspectionClient(MockIssuer.INTROSPECTION_CLIENT_ID, "wrong-secret")
                    .build())
            .build()) {
      assertThatThrownBy(() -> wrong.verify(issuer.opaqueToken("ivan")))
          .hasMessage("token introspection unavailable")
          .hasMessageNotContaining("wrong-secret");
    }
  }

  @Test
  void configuredByInitParamsAndRefusedWithoutCredentials() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("issuer", issuer.issuer());
    params.put("jwks-uri", issuer.jwksUri().toString());
    params.put("audience", "api");
    params.put("introspection-uri", issuer.introspectionUri().toString());
    params.put("introspection-client-id", MockIssuer.INTROSPECTION_CLIENT_ID);
    params.put("introspection-client-secret", MockIssuer.INTROSPECTION_CLIENT_SECRET);
    params.put("introspection-client-auth", "client_secret_post");
    try (TestServer configured = TestServer.start(RequireAuthFilter.class, params)) {
      // The server's clock, not the test clock: a token minted now on the system clock.
      String token =
          issuer.opaqueToken(
              Map.of(
                  "sub",
                  "judy",
                  "aud",
                  "api",
                  "exp",
                  Instant.now().plusSeconds(300).getEpochSecond()));
      assertThat(configured.bearer("/api", token).statusCode()).isEqualTo(200);
    }
    params.remove("introspection-client-secret");
    assertThatThrownBy(() -> Settings.guard(params))
        .hasMessageContaining("introspection-client-secret");
  }

  @Test
  void aFloodOfDistinctBadTokensCostsOneCallEachAndValidTokensKeepPassing() throws Exception {
    String valid = issuer.opaqueToken("kim");
    assertThat(verifier.verify(valid).subject()).isEqualTo("kim");
    int flood = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = thread; i < flood; i += 8) {
                    String bad = "bad-" + i;
                    for (int again = 0; again < 2; again++) {
                      assertThatThrownBy(() -> verifier.verify(bad)).hasMessage("token not active");
                    }
                  }
                  return null;
                }));
      }
      // Valid traffic meanwhile is served from the cache, without waiting for the flood.
      for (int i = 0; i < 200; i++) {
        assertThat(verifier.verify(valid).subject()).isEqualTo("kim");
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(issuer.introspection().hits()).isEqualTo(1 + flood);
  }

  @Test
  void onlineCheckedRoutesAskTheIssuerAboutLocallyValidJwts() {
    Guard guard =
        Guard.builder(verifier)
            .rule(new RouteRule("POST", "/orders/*", Requirement.scopes("orders.write").online()))
            .onlineCheckPaths("/admin/*")
            .build();
    try (TestServer online = TestServer.start(new RequireAuthFilter(guard))) {
      String jwt = issuer.token().subject("liam").scopes("orders.write").sign();
      assertThat(online.bearer("/admin/users", jwt).statusCode()).isEqualTo(200);
      assertThat(online.bearer("/admin/users", jwt).statusCode()).isEqualTo(200);
      assertThat(issuer.introspection().hits()).isEqualTo(1);
      assertThat(online.bearer("/api", jwt).statusCode()).isEqualTo(200);
      assertThat(issuer.introspection().hits()).as("no check off the online paths").isEqualTo(1);

      issuer.revokeJwt(jwt);
      clock.advance(Duration.ofSeconds(61));
      HttpResponse<String> refused = online.bearer("/admin/users", jwt);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("token not active");
      assertThat(online.bearer("/api", jwt).statusCode()).as("local check only").isEqualTo(200);

      String writer = issuer.token().subject("mia").scopes("orders.write").sign();
      String reader = issuer.token().subject("noah").sign();
      int before = issuer.introspection().hits();
      assertThat(online.send("POST", "/orders/1", "Authorization", "Bearer " + writer).statusCode())
          .isEqualTo(200);
      assertThat(online.send("POST", "/orders/1", "Authorization", "Bearer " + reader).statusCode())
          .isEqualTo(403);
      assertThat(issuer.introspection().hits())
          .as("a scope refusal costs no call")
          .isEqualTo(before + 1);

      // Other spellings of an online path are still checked: each fresh token costs one call.
      for (String path : List.of("/admin/users/", "/%61dmin/users", "/admin/x/../users")) {
        int calls = issuer.introspection().hits();
        String token = issuer.token().subject("spelling").jwtId(path).sign();
        int status = online.bearer(path, token).statusCode();
        assertThat(issuer.introspection().hits())
            .as(path)
            .isEqualTo(status == 200 ? calls + 1 : calls);
        assertThat(status).as(path).isIn(200, 400, 401);
      }

      issuer.introspection().respondWith(500);
      String fresh = issuer.token().subject("olga").sign();
      HttpResponse<String> down = online.bearer("/admin/users", fresh);
      assertThat(down.statusCode()).isEqualTo(503);
      issuer.introspection().reset();
    }
    try (TokenVerifier local = dev.gatehouse.TestVerifiers.of(issuer)) {
      assertThatThrownBy(() -> Guard.builder(local).onlineCheckPaths("/admin/*").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("introspection-uri");
    }
  }

  @Test
  void aFloodAgainstASlowEndpointIsCutOffInsteadOfHoldingEveryThread() throws Exception {
    issuer.introspection().hang();
    int callers = 80;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String token = "slow-" + i;
        answers.add(
            pool.submit(
                () -> {
                  try {
                    verifier.verify(token);
                    return "accepted";
                  } catch (dev.gatehouse.AuthException e) {
                    return e.getMessage();
                  }
                }));
      }
      List<String> messages = new ArrayList<>();
      for (Future<String> answer : answers) {
        messages.add(answer.get(30, TimeUnit.SECONDS));
      }
      // Every caller got 503: some at once (the bound), the rest when the call timed out.
      assertThat(messages)
          .allMatch(m -> m.contains("introspection"))
          .anyMatch(m -> m.equals("too many token introspections in flight"));
    } finally {
      issuer.introspection().release();
      pool.shutdownNow();
    }
  }

  @Test
  void theEndpointCanBeDiscoveredFromTheIssuersMetadata() throws Exception {
    try (TokenVerifier discovered =
        TokenVerifier.builder()
            .clock(clock)
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .introspectionDiscovered()
                    .introspectionClient(
                        MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                    .build())
            .build()) {
      assertThat(discovered.verify(issuer.opaqueToken("pat")).subject()).isEqualTo("pat");
      assertThat(discovered.verify(issuer.opaqueToken("quinn")).subject()).isEqualTo("quinn");
      assertThat(issuer.openIdConfiguration().hits()).as("metadata read once").isEqualTo(1);
      assertThat(issuer.introspection().hits()).isEqualTo(2);
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("issuer", issuer.issuer());
    params.put("jwks-uri", issuer.jwksUri().toString());
    params.put("audience", "api");
    params.put("introspection-uri", "discovered");
    params.put("introspection-client-id", MockIssuer.INTROSPECTION_CLIENT_ID);
    params.put("introspection-client-secret", MockIssuer.INTROSPECTION_CLIENT_SECRET);
    Guard guard = Settings.guard(params);
    assertThat(guard.verifier().issuers().get(0).introspects()).isTrue();
    guard.verifier().close();
  }

  @Test
  void anIssuerCanHaveEveryJwtCheckedOnline() throws Exception {
    try (TokenVerifier always =
        TokenVerifier.builder()
            .clock(clock)
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .introspectionUri(issuer.introspectionUri())
                    .introspectionClient(
                        MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                    .introspectJwts(true)
                    .build())
            .build()) {
      String jwt = issuer.token().subject("rae").sign();
      assertThat(always.verify(jwt).subject()).isEqualTo("rae");
      assertThat(always.verify(jwt).subject()).isEqualTo("rae");
      assertThat(issuer.introspection().hits()).as("one call, then its cache").isEqualTo(1);
      issuer.revokeJwt(jwt);
      clock.advance(Duration.ofSeconds(61));
      assertThatThrownBy(() -> always.verify(jwt)).hasMessage("token not active");
    }
    assertThatThrownBy(
            () ->
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .introspectJwts(true)
                    .build())
        .hasMessageContaining("introspect-jwts");
  }
}
