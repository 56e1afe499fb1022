package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.FailureReason;
import dev.gatehouse.GatehouseEvent;
import dev.gatehouse.GatehouseEvent.CacheLookup;
import dev.gatehouse.GatehouseEvent.KeyFetch;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.RecordingListener;
import dev.gatehouse.Revocations;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.MockIssuerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's listener events on a real Jetty with a real mock issuer: what a request, a key fetch,
 * an unknown {@code kid}, a revocation and an introspection report, and that a listener that throws
 * changes nothing.
 */
@ExtendWith(MockIssuerExtension.class)
final class ObservabilityTest {
  private MockIssuer issuer;
  private final RecordingListener events = new RecordingListener();

  @BeforeEach
  void start(MockIssuer issuer) {
    this.issuer = issuer;
  }

  private TokenVerifier.Builder verifier() {
    return TokenVerifier.builder()
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .introspectionUri(issuer.introspectionUri())
                .introspectionClient(
                    MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                .build());
  }

  @Test
  void aRequestReportsItsCacheLookupKeyFetchAndAcceptance() {
    TokenVerifier verifier = verifier().listener(events).build();
    try (verifier;
        TestServer server = TestServer.start(new RequireAuthFilter(verifier))) {
      String token = issuer.token().subject("alice").sign();
      assertThat(server.bearer("/api/orders", token).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/api/orders", token).statusCode()).isEqualTo(200);

      List<GatehouseEvent> seen = events.events();
      assertThat(seen.get(0)).isEqualTo(CacheLookup.MISS);
      assertThat(seen.get(1))
          .isInstanceOfSatisfying(
              KeyFetch.class,
              fetch -> {
                assertThat(fetch.issuer()).isEqualTo(issuer.issuer());
                assertThat(fetch.outcome()).isEqualTo(KeyFetch.Outcome.UPDATED);
                assertThat(fetch.latency()).isPositive();
              });
      assertThat(seen.subList(2, seen.size()))
          .containsExactly(
              new GatehouseEvent.TokenAccepted(issuer.issuer()),
              CacheLookup.HIT,
              new GatehouseEvent.TokenAccepted(issuer.issuer()));
    }
  }

  @Test
  void aRefusalReportsItsReasonPathAndRequestIdButNoUnverifiedIssuer() {
    TokenVerifier verifier = verifier().listener(events).build();
    Guard guard = Guard.builder(verifier).requiredScopes("orders.read").build();
    try (verifier;
        TestServer server = TestServer.start(new RequireAuthFilter(guard))) {
      String expired = issuer.token().subject("alice").expiresIn(Duration.ofMinutes(-5)).sign();
      server.get("/api/orders", "Authorization", "Bearer " + expired, "X-Request-Id", "req-42");
      server.get("/api/orders", "X-Request-Id", "not well formed!");
      server.bearer("/api/orders", issuer.token().subject("bob").sign());

      assertThat(events.events(GatehouseEvent.TokenRefused.class))
          .containsExactly(
              new GatehouseEvent.TokenRefused(
                  FailureReason.EXPIRED, null, null, "/api/orders", "req-42"),
              new GatehouseEvent.TokenRefused(
                  FailureReason.MISSING_TOKEN, null, null, "/api/orders", null),
              new GatehouseEvent.TokenRefused(
                  FailureReason.INSUFFICIENT_SCOPE, issuer.issuer(), "bob", "/api/orders", null));
    }
  }

  @Test
  void unknownKidsWithinTheCooldownTripItWithoutNamingTheKid() {
    TokenVerifier verifier = verifier().listener(events).build();
    try (verifier;
        TestServer server = TestServer.start(new RequireAuthFilter(verifier))) {
      assertThat(server.bearer("/", issuer.token("alice")).statusCode()).isEqualTo(200);
      for (String kid : List.of("flood-1", "flood-2", "flood-3")) {
        String token = issuer.token().subject("alice").headerKid(kid).sign();
        assertThat(server.bearer("/", token).statusCode()).isEqualTo(401);
      }

      // The first unknown kid refreshes the keys; the next two wait for the cooldown.
      assertThat(events.events(KeyFetch.class)).hasSize(2);
      assertThat(events.events(GatehouseEvent.KidCooldown.class))
          .containsExactly(
              new GatehouseEvent.KidCooldown(issuer.issuer()),
              new GatehouseEvent.KidCooldown(issuer.issuer()));
      assertThat(events.events().toString()).doesNotContain("flood");
    }
  }

  @Test
  void aRecordedRevocationIsReported() {
    TokenVerifier verifier = verifier().listener(events).build();
    try (verifier) {
      verifier.revocations().revokeSession(issuer.issuer(), "session-1");

      assertThat(events.events(GatehouseEvent.RevocationApplied.class))
          .singleElement()
          .satisfies(
              revoked -> {
                assertThat(revoked.entry().kind()).isEqualTo(Revocations.Kind.SESSION);
                assertThat(revoked.entry().value()).isEqualTo("session-1");
              });
    }
  }

  @Test
  void anIntrospectionCallReportsItsOutcomeAndLatency() {
    TokenVerifier verifier = verifier().listener(events).build();
    try (verifier;
        TestServer server = TestServer.start(new RequireAuthFilter(verifier))) {
      String active = issuer.opaqueToken("olivia", "orders.read");
      assertThat(server.bearer("/", active).statusCode()).isEqualTo(200);
      issuer.introspection().respondWith(500);
      assertThat(server.bearer("/", issuer.opaqueToken("oscar")).statusCode()).isEqualTo(503);

      assertThat(events.events(GatehouseEvent.Introspection.class))
          .extracting(GatehouseEvent.Introspection::outcome)
          .containsExactly(
              GatehouseEvent.Introspection.Outcome.ACTIVE,
              GatehouseEvent.Introspection.Outcome.FAILED);
      assertThat(events.events(GatehouseEvent.TokenRefused.class))
          .extracting(GatehouseEvent.TokenRefused::reason)
          .containsExactly(FailureReason.INTROSPECTION_UNAVAILABLE);
    }
  }

  @Test
  void aListenerThatThrowsChangesNoDecision() {
    TokenVerifier verifier =
        verifier()
            .listener(
                event -> {
                  throw new IllegalStateException("broken listener");
                })
            .listener(events)
            .build();
    try (verifier;
        TestServer server = TestServer.start(new RequireAuthFilter(verifier))) {
      assertThat(server.bearer("/", issuer.token("alice")).statusCode()).isEqualTo(200);
      assertThat(server.get("/").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/", "not-a-token").statusCode()).isEqualTo(401);
      // The listeners after it are still told.
      assertThat(events.events(GatehouseEvent.TokenRefused.class)).hasSize(2);
    }
  }

  @Test
  void healthPathAnswersBeforeTheBearerCheck() throws Exception {
    CompletableFuture<KeyFetch> fetched = new CompletableFuture<>();
    TokenVerifier verifier =
        verifier()
            .listener(
                event -> {
                  if (event instanceof KeyFetch fetch) {
                    fetched.complete(fetch);
                  }
                })
            .build();
    Guard guard =
        Guard.builder(verifier).endpoint("/ready", dev.gatehouse.Readiness.of(verifier)).build();
    try (verifier;
        TestServer server = TestServer.start(new RequireAuthFilter(guard))) {
      // The first probe, before any token, starts the key fetch; a later one sees it done.
      server.get("/ready");
      fetched.get(10, TimeUnit.SECONDS);
      HttpResponse<String> ready = server.get("/ready");

      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(ready.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(ready.body())
          .startsWith("{\"status\":\"ready\",\"issuers\":[{\"issuer\":\"" + issuer.issuer() + "\"")
          .contains("\"ready\":true", "\"keys\":1", "\"last_fetch\":\"", "\"failures\":0")
          .doesNotContain("error");
      assertThat(server.send("POST", "/ready").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void anIssuerThatIsDownMakesTheProbeAnswer503() {
    issuer.jwks().respondWith(500);
    try (TestServer server =
        TestServer.start(
            RequireAuthFilter.class,
            Map.of(
                "issuer",
                issuer.issuer(),
                "jwks-uri",
                issuer.jwksUri().toString(),
                "audience",
                "api",
                "health-path",
                "/ready"))) {
      // The token's request waits for the first fetch, which fails.
      assertThat(server.bearer("/api", issuer.token("alice")).statusCode()).isEqualTo(503);
      HttpResponse<String> probe = server.get("/ready");

      assertThat(probe.statusCode()).isEqualTo(503);
      assertThat(probe.body())
          .startsWith("{\"status\":\"unavailable\"")
          .contains("\"ready\":false", "\"keys\":0", "\"error\":\"http_500\"")
          .doesNotContain("last_fetch", issuer.jwksUri().toString());
    }
  }

  @Test
  void theReadinessServletAnswersWhereTheFilterLetsItThrough() {
    TokenVerifier verifier = verifier().build();
    Guard guard = Guard.builder(verifier).excludePaths("/health").build();
    try (verifier;
        TestServer server =
            TestServer.start(
                new FilterHolder(new RequireAuthFilter(guard)),
                Map.of("/health", new ReadinessServlet(verifier)))) {
      assertThat(server.bearer("/api", issuer.token("alice")).statusCode()).isEqualTo(200);
      HttpResponse<String> probe = server.get("/health");
      assertThat(probe.statusCode()).isEqualTo(200);
      assertThat(probe.body()).contains("\"status\":\"ready\"", "\"keys\":1");
      assertThat(server.send("DELETE", "/health").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void onTomcatTheProbeAnswers200WithKeysAnd503WithoutThem() {
    for (boolean down : List.of(false, true)) {
      if (down) {
        issuer.jwks().respondWith(500);
      }
      TokenVerifier verifier = verifier().build();
      Guard guard =
          Guard.builder(verifier).endpoint("/ready", dev.gatehouse.Readiness.of(verifier)).build();
      Container tomcat = Container.tomcat(new RequireAuthFilter(guard));
      try (verifier) {
        Container.Answer api =
            tomcat.send("GET", "/", "Authorization", "Bearer " + issuer.token("alice"));
        assertThat(api.status()).isEqualTo(down ? 503 : 200);
        Container.Answer probe = tomcat.send("GET", "/ready");

        assertThat(probe.status()).as("issuer down: %s", down).isEqualTo(down ? 503 : 200);
        assertThat(probe.head()).containsIgnoringCase("Content-Type: application/json");
        assertThat(probe.body()).contains(down ? "\"error\":\"http_500\"" : "\"status\":\"ready\"");
      } finally {
        tomcat.stop();
      }
    }
  }
}
