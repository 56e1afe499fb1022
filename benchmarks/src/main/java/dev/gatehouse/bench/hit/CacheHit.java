package dev.gatehouse.bench.hit;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthException;
import dev.gatehouse.Guard;
import dev.gatehouse.RequestView;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.bench.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request whose token was verified before: the {@code Authorization} header values, as the
 * servlet filter passes them, to the cached {@code Auth} ({@link #authenticate}), and to the
 * guard's decision on a request view for a route that needs only a valid token ({@link #guard}).
 * The header list is built once, as the container builds it once per request, so the allocation
 * figure ({@code -prof gc}, {@code gc.alloc.rate.norm}) is what Gatehouse itself allocates per
 * request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CacheHit {
  @Param({"ES256"})
  public String alg = "ES256";

  private Fixture fixture;
  private TokenVerifier verifier;

  /** The same verifier's kind, with 1,000 revocations in force that do not match the token. */
  private TokenVerifier revoking;

  private Guard guard;
  private List<String> headers;
  private RequestView view;

  /**
   * A guard whose route asks a scope, a step-up, a claim and a permission in the organization of
   * the path, and a cached token that meets them all.
   */
  private Guard demanding;

  private RequestView demandingView;

  @Setup
  public void setUp() throws AuthException {
    fixture = Fixture.start(alg);
    verifier = fixture.verifier("jdk");
    guard = Guard.builder(verifier).build();
    headers = List.of("Bearer " + fixture.token);
    verifier.authenticate(headers);
    revoking = fixture.verifier("jdk");
    for (int i = 0; i < 1_000; i++) {
      revoking.revocations().revokeToken(fixture.issuer.issuer(), "other-" + i);
      revoking.revocations().revokeSession(fixture.issuer.issuer(), "session-" + i);
    }
    revoking.authenticate(headers);
    // Built once, as the servlet adapter builds one per request around the container's request.
    view =
        RequestView.builder("GET", "/orders/1")
            .headers(name -> name.equalsIgnoreCase("Authorization") ? headers : List.of())
            .build();
    if (guard.decide(view).auth() == null) {
      throw new IllegalStateException("the guard refuses the cached token");
    }
    demanding =
        Guard.builder(verifier)
            .rule(
                RouteRule.any(
                    "/orgs/{org}/projects/*",
                    Requirement.scopes("orders.read")
                        .and(Requirement.acr("urn:example:mfa"))
                        .and(Requirement.maxAge(Duration.ofDays(365)))
                        .and(Requirement.claimEquals("email_verified", true))
                        .and(Requirement.inOrganization("org", "projects:write"))))
            .build();
    String rich =
        fixture
            .issuer
            .token()
            .subject("bench-user")
            .audience(Fixture.AUDIENCE)
            .scopes("orders.read")
            .expiresIn(Duration.ofDays(365))
            .claim("acr", "urn:example:mfa")
            .claim("auth_time", Instant.now().getEpochSecond())
            .claim("email_verified", true)
            .claim(
                "organizations",
                List.of(
                    Map.of("id", "globex", "scopes", List.of("billing:read")),
                    Map.of("id", "acme", "scopes", List.of("projects:*", "users:read"))))
            .sign();
    List<String> richHeaders = List.of("Bearer " + rich);
    demandingView =
        RequestView.builder("POST", "/orgs/acme/projects/7")
            .headers(name -> name.equalsIgnoreCase("Authorization") ? richHeaders : List.of())
            .build();
    if (demanding.decide(demandingView).auth() == null) {
      throw new IllegalStateException("the demanding guard refuses the rich token");
    }
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Auth authenticate() throws AuthException {
    return verifier.authenticate(headers);
  }

  /**
   * A cache hit checked against a non-empty revocation list (the empty one: {@link #authenticate}).
   */
  @Benchmark
  public Auth authenticateWithRevocations() throws AuthException {
    return revoking.authenticate(headers);
  }

  @Benchmark
  public @Nullable Auth guard() {
    return guard.decide(view).auth();
  }

  /** A decision that checks scope, step-up, a claim and an organization permission on a hit. */
  @Benchmark
  public @Nullable Auth guardWithRequirements() {
    return demanding.decide(demandingView).auth();
  }
}
