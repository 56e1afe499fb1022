package dev.gatehouse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 Token Introspection (RFC 7662) for opaque tokens of one issuer, with a cache.
 *
 * <p>The cache is keyed by the SHA-256 of the token, so it never holds a token; an active answer is
 * reused until the token's {@code exp} or the issuer's {@code introspection-cache-max-seconds},
 * whichever is first, an inactive one for {@code introspection-inactive-cache-seconds}, and the
 * endpoint's failures never. Concurrent requests with the same token share one call. An active
 * answer becomes the same {@link Auth} as a JWT and passes the same claim checks (issuer, audience,
 * lifetimes); {@code iss}, when the answer has one, must be the issuer's.
 *
 * <p>Thread-safe.
 */
final class Introspector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Introspector.class);
  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final long MAX_WEIGHT = 32L * 1024 * 1024;

  /**
   * Calls in flight at most: beyond, a new token gets 503 at once, so that a flood of distinct
   * tokens against a slow endpoint cannot hold every request thread for the timeout.
   */
  static final int MAX_IN_FLIGHT = 64;

  /** One answer: the {@link Auth} of an active token, or the refusal of any other. */
  private record Answer(
      boolean active, @Nullable Auth auth, @Nullable AuthFailure refusal, Instant until) {}

  private final IssuerPolicy policy;

  /** The configured endpoint, or null when {@link #discovery} finds it. */
  private final @Nullable URI endpoint;

  private final @Nullable Discovery discovery;
  private final @Nullable ResourceUri resource;
  private final Clock clock;
  private final HttpFetcher fetcher;
  private final Map<String, String> headers;
  private final String credentialsForm;
  private final Cache<String, Answer> cache;
  private final Map<String, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final @Nullable GatehouseListener events;

  Introspector(
      IssuerPolicy policy,
      @Nullable ResourceUri resource,
      Clock clock,
      @Nullable GatehouseListener events) {
    this.events = events;
    this.policy = policy;
    this.resource = resource;
    this.endpoint = policy.introspectionUri();
    this.clock = clock;
    this.timeout = policy.jwks().timeout();
    this.fetcher = new HttpFetcher(timeout, MAX_BODY_BYTES);
    this.discovery =
        endpoint != null
            ? null
            : new Discovery(
                policy.issuer(),
                null,
                fetcher,
                clock,
                policy.jwks().ttl(),
                "introspection_endpoint");
    String id = java.util.Objects.requireNonNull(policy.introspectionClientId());
    String secret = java.util.Objects.requireNonNull(policy.introspectionSecret());
    if (policy.introspectionSecretInForm()) {
      this.headers = Map.of();
      this.credentialsForm = "&client_id=" + form(id) + "&client_secret=" + form(secret);
    } else {
      // RFC 6749 §2.3.1: both parts form-encoded before Basic encoding.
      String pair = form(id) + ":" + form(secret);
      this.headers =
          Map.of(
              "Authorization",
              "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      this.credentialsForm = "";
    }
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(MAX_WEIGHT)
            .weigher((String key, Answer answer) -> 256 + weight(answer))
            .expireAfter(
                new Expiry<String, Answer>() {
                  @Override
                  public long expireAfterCreate(String key, Answer answer, long now) {
                    return nanosUntil(answer.until());
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Answer answer, long now, long currentDuration) {
                    return nanosUntil(answer.until());
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Answer answer, long now, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  private long nanosUntil(Instant until) {
    return Math.max(0, Duration.between(clock.instant(), until).toNanos());
  }

  private static int weight(Answer answer) {
    return answer.auth() == null ? 0 : 64 * (answer.auth().claims().size() + 1);
  }

  /**
   * The {@link Auth} of {@code token} as the issuer answers it now (or recently).
   *
   * @throws AuthException {@link FailureReason#INACTIVE} and the claim failures for a token that is
   *     refused; {@link FailureReason#INTROSPECTION_UNAVAILABLE} when the endpoint gives no answer
   */
  Auth introspect(String token) throws AuthException {
    Instant now = clock.instant();
    Answer cached = answerFor(token);
    if (cached.refusal() != null) {
      throw cached.refusal().exception();
    }
    Auth auth = cached.auth();
    if (auth == null || !now.isBefore(auth.expiresAt().plus(policy.leeway()))) {
      throw AuthFailure.of(FailureReason.EXPIRED, "token expired").exception();
    }
    return auth;
  }

  /**
   * Whether the issuer says {@code token} (a JWT that verified locally) is active now, or within
   * the cache lifetime.
   *
   * @throws AuthException {@link FailureReason#INACTIVE} if it says not, {@link
   *     FailureReason#INTROSPECTION_UNAVAILABLE} if it gives no answer
   */
  void requireActive(String token) throws AuthException {
    if (!answerFor(token).active()) {
      throw AuthFailure.of(FailureReason.INACTIVE, "token not active").exception();
    }
  }

  /** The answer for {@code token}: the cached one while it lasts, else the endpoint's. */
  private Answer answerFor(String token) throws AuthException {
    String key = hash(token);
    Answer cached = cache.getIfPresent(key);
    return cached != null && clock.instant().isBefore(cached.until()) ? cached : await(key, token);
  }

  /** The issuer this introspector asks. */
  String issuer() {
    return policy.issuer();
  }

  /** One call per token at a time: the first request calls, the others wait for its answer. */
  private Answer await(String key, String token) throws AuthException {
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    if (inFlight.size() >= MAX_IN_FLIGHT && !inFlight.containsKey(key)) {
      throw unavailable("too many token introspections in flight");
    }
    CompletableFuture<Answer> call = inFlight.putIfAbsent(key, mine);
    if (call == null) {
      call = mine;
      String body = "token=" + form(token) + credentialsForm;
      long started = System.nanoTime();
      CompletableFuture<URI> where =
          endpoint != null
              ? CompletableFuture.completedFuture(endpoint)
              : java.util.Objects.requireNonNull(discovery).jwksUri();
      // The stage completes the single flight's future itself, which its callers wait on.
      CompletableFuture<?> unused =
          where
              .thenCompose(uri -> fetcher.post(uri, headers, body))
              .whenComplete(
                  (response, error) -> {
                    Answer answer = null;
                    Throwable failure = error;
                    try {
                      answer = error != null ? null : answer(response);
                      if (answer != null) {
                        cache.put(key, answer);
                      } else if (failure == null) {
                        failure = new IllegalStateException("no answer");
                      }
                    } catch (RuntimeException e) {
                      failure = e;
                    }
                    // Out of the in-flight map before anyone can see the answer: a later request
                    // must find the cache or start its own call, never reuse this finished one.
                    inFlight.remove(key, mine);
                    tell(answer, started);
                    if (answer != null) {
                      mine.complete(answer);
                    } else {
                      mine.completeExceptionally(failure);
                    }
                  });
    }
    try {
      return call.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warn(
          "introspection at {} failed: {}",
          location(),
          cause == null ? "unknown" : cause.getClass().getSimpleName());
      throw unavailable("token introspection unavailable");
    }
  }

  private void tell(@Nullable Answer answer, long started) {
    if (events == null) {
      return;
    }
    GatehouseEvent.Introspection.Outcome outcome =
        answer == null
            ? GatehouseEvent.Introspection.Outcome.FAILED
            : answer.active()
                ? GatehouseEvent.Introspection.Outcome.ACTIVE
                : GatehouseEvent.Introspection.Outcome.INACTIVE;
    events.on(
        new GatehouseEvent.Introspection(
            policy.issuer(), outcome, Duration.ofNanos(System.nanoTime() - started)));
  }

  private String location() {
    return endpoint != null
        ? Locations.printable(endpoint)
        : "(discovered from " + policy.issuer() + ")";
  }

  /** The answer a response means, or null when it means nothing (the endpoint's failure). */
  private @Nullable Answer answer(HttpFetcher.Response response) {
    if (response.status() != 200) {
      LOG.warn("introspection at {} answered {}", location(), response.status());
      return null;
    }
    Map<String, @Nullable Object> body = StrictJson.object(response.body());
    if (body == null || !(body.get("active") instanceof Boolean active)) {
      LOG.warn("introspection at {} gave no valid answer", location());
      return null;
    }
    Instant now = clock.instant();
    Instant negativeUntil = now.plus(policy.introspectionInactiveCacheAge());
    if (!active) {
      return refusal(FailureReason.INACTIVE, "token not active", negativeUntil);
    }
    Map<String, @Nullable Object> claims = new LinkedHashMap<>(body);
    claims.remove("active");
    Object iss = claims.get("iss");
    if (iss == null) {
      claims.put("iss", policy.issuer());
    } else if (!policy.issuer().equals(iss)) {
      return refusal(FailureReason.WRONG_ISSUER, "issuer not trusted", negativeUntil);
    }
    Instant latest = now.plus(policy.introspectionCacheMaxAge());
    if (claims.get("exp") == null) {
      // No exp: the answer holds for as long as it may be reused.
      claims.put("exp", latest.getEpochSecond());
    }
    if (claims.get("sub") == null && claims.get("client_id") instanceof String client) {
      // A client's own token (client credentials): the client is the subject.
      claims.put("sub", client);
    }
    try {
      Auth auth = ClaimRules.check(claims, policy, resource, now);
      Instant until = auth.expiresAt().isBefore(latest) ? auth.expiresAt() : latest;
      return new Answer(true, auth, null, until);
    } catch (AuthException e) {
      // Active, but not a token this policy accepts as an opaque token (the online check of a
      // JWT needs only the active flag and the issuer).
      return new Answer(true, null, e.failure(), negativeUntil);
    }
  }

  private static Answer refusal(FailureReason reason, String message, Instant until) {
    return new Answer(false, null, AuthFailure.of(reason, message), until);
  }

  private static AuthException unavailable(String message) {
    return new AuthFailure(FailureReason.INTROSPECTION_UNAVAILABLE, message, Duration.ofSeconds(5))
        .exception();
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The cache key: the token's SHA-256, never the token. */
  private static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  @Override
  public void close() {
    fetcher.close();
  }
}
