package dev.gatehouse;

import dev.gatehouse.jwks.JwksSettings;
import dev.gatehouse.jwks.JwksStatus;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's signing keys (RFC 7517 JWKS), fetched over HTTP and cached: one fetch in flight at a
 * time, refreshed in the background before they expire, served stale while the issuer is down,
 * refreshed at most once per cooldown for unknown {@code kid}s.
 *
 * <pre>{@code
 * KeySource keys = KeySource.shared(URI.create("https://idp.example.com/jwks"), JwksSettings.DEFAULTS, Clock.systemUTC());
 * List<VerificationKey> candidates = keys.keys("key-1", "ES256");
 * }</pre>
 *
 * <p>Thread-safe; one instance per location and settings is shared process-wide by {@link #shared}.
 */
final class KeySource {
  private static final Logger LOG = LoggerFactory.getLogger(KeySource.class);
  private static final int MAX_REMEMBERED_KIDS = 10_000;

  /** First retry delay after a failed fetch; doubles up to {@link #MAX_BACKOFF}. */
  static final Duration MIN_BACKOFF = Duration.ofSeconds(1);

  /** Longest retry delay after failed fetches. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final KeySourceRegistry.Key registryKey;

  private final JwksSettings settings;
  private final Clock clock;
  private final HttpFetcher fetcher;
  private final @Nullable URI fixedUri;
  private final @Nullable Discovery discovery;

  private volatile @Nullable KeySet keys;
  // Guarded by this.
  private @Nullable CompletableFuture<Void> inflight;
  private @Nullable Instant lastKidRefresh;
  private Instant nextAttempt = Instant.MIN;
  private volatile int failureStreak;
  private @Nullable String lastError;
  private final Map<String, Instant> missingKids = new HashMap<>();

  /** A verifier's listener, with the configured issuer it knows these keys as. */
  private record Subscriber(String issuer, GatehouseListener listener) {}

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  private KeySource(
      KeySourceRegistry.Key registryKey,
      @Nullable URI fixedUri,
      @Nullable Discovery discovery,
      JwksSettings settings,
      Clock clock,
      HttpFetcher fetcher) {
    this.registryKey = registryKey;
    this.fixedUri = fixedUri;
    this.discovery = discovery;
    this.settings = settings;
    this.clock = clock;
    this.fetcher = fetcher;
  }

  /**
   * The process-wide key source for {@code jwksUri} with these settings and clock.
   *
   * @throws IllegalArgumentException if {@code jwksUri} is not {@code https} (or {@code http} on
   *     loopback)
   */
  static KeySource shared(URI jwksUri, JwksSettings settings, Clock clock) {
    Locations.checkLocation(jwksUri, "jwks uri");
    return KeySourceRegistry.acquire(
        new KeySourceRegistry.Key(false, jwksUri.toString(), null, settings, clock),
        k ->
            new KeySource(
                k,
                jwksUri,
                null,
                settings,
                clock,
                new HttpFetcher(settings.timeout(), settings.maxBodyBytes())));
  }

  /**
   * The process-wide key source for {@code issuer}'s keys, found by discovery, or at {@code
   * jwksPath} relative to the issuer when that is set.
   */
  static KeySource discovered(
      String issuer, @Nullable String jwksPath, JwksSettings settings, Clock clock) {
    Locations.checkIssuer(issuer);
    Locations.checkLocation(URI.create(issuer), "issuer");
    if (jwksPath != null && !jwksPath.startsWith("/")) {
      throw new IllegalArgumentException("jwks path must start with '/': " + jwksPath);
    }
    return KeySourceRegistry.acquire(
        new KeySourceRegistry.Key(true, issuer, jwksPath, settings, clock),
        k -> {
          HttpFetcher fetcher = new HttpFetcher(settings.timeout(), settings.maxBodyBytes());
          Discovery discovery = new Discovery(issuer, jwksPath, fetcher, clock, settings.ttl());
          return new KeySource(k, null, discovery, settings, clock, fetcher);
        });
  }

  /**
   * Gives back one use of this shared source (one per {@link #shared} or {@link #discovered} call).
   * When the last user releases it, it leaves the process-wide registry, so that an undeployed web
   * application leaves no key source, HTTP client or thread behind: its HTTP client is shut down. A
   * released source still answers its remaining callers from the keys it has, and fetches no more.
   */
  void release() {
    if (KeySourceRegistry.release(registryKey, this)) {
      fetcher.close();
    }
  }

  /** Tells {@code listener} of this source's fetches and cooldowns, as {@code issuer}'s. */
  void subscribe(String issuer, GatehouseListener listener) {
    subscribers.add(new Subscriber(issuer, listener));
  }

  /** Stops telling {@code listener}. */
  void unsubscribe(GatehouseListener listener) {
    subscribers.removeIf(s -> s.listener() == listener);
  }

  private void tell(java.util.function.Function<String, GatehouseEvent> event) {
    for (Subscriber subscriber : subscribers) {
      subscriber.listener().on(event.apply(subscriber.issuer()));
    }
  }

  /**
   * The keys that may verify a token with {@code kid} and {@code alg}; empty when none is known,
   * even after the refresh an unknown {@code kid} may cause.
   *
   * @throws AuthException {@link FailureReason#KEYS_UNAVAILABLE} when no key set was ever fetched,
   *     or the last one is older than its lifetime plus {@link JwksSettings#maxStale()}
   */
  List<VerificationKey> keys(@Nullable String kid, String alg) throws AuthException {
    KeySet set = usableKeys();
    List<VerificationKey> found = set.candidates(kid, alg);
    if (!found.isEmpty() || kid == null) {
      return found;
    }
    return refreshForUnknownKid(kid, alg);
  }

  /**
   * Whether {@code key} is in the current key set: a key the issuer withdrew no longer verifies.
   * Keys due for a refresh are refreshed in the background, so that callers that only ever ask this
   * (a cache of verified tokens) still see a withdrawn key disappear. {@code nowMillis} is this
   * source's clock, just read by the caller in epoch milliseconds.
   */
  boolean isPublished(PublicKey key, long nowMillis) {
    KeySet set = keys;
    if (set == null) {
      return false;
    }
    if (nowMillis >= set.refreshAt().toEpochMilli()) {
      // In the background: the caller gets its answer from the current set.
      CompletableFuture<Void> unused = refresh(Instant.ofEpochMilli(nowMillis));
    }
    return set.contains(key);
  }

  /**
   * Starts the first fetch in the background when no key set was ever fetched (unless one is in
   * flight or a backoff runs), so that a readiness probe that arrives before any token does not
   * wait for a token to fetch the keys.
   */
  void prefetch() {
    if (keys == null) {
      // Nobody waits on it: the fetch's outcome lands in the key source's state.
      CompletableFuture<Void> unused = refresh(clock.instant());
    }
  }

  /** The current state, for health checks. */
  JwksStatus status() {
    KeySet set = keys;
    Instant now = clock.instant();
    synchronized (this) {
      return new JwksStatus(
          location(),
          set == null ? null : set.fetchedAt,
          set == null ? 0 : set.size(),
          set != null && !now.isBefore(set.expiresAt()),
          lastError,
          failureStreak);
    }
  }

  private URI location() {
    return fixedUri != null ? fixedUri : Objects.requireNonNull(discovery).location();
  }

  private KeySet usableKeys() throws AuthException {
    KeySet set = keys;
    Instant now = clock.instant();
    if (set != null && now.isBefore(set.refreshAt())) {
      return set;
    }
    if (set != null && now.isBefore(set.expiresAt())) {
      // Refresh ahead: this request is served from the cache without waiting.
      CompletableFuture<Void> unused = refresh(now);
      return set;
    }
    CompletableFuture<Void> pending = refresh(now);
    // While the issuer is failing, requests never wait on a retry: stale keys serve at once, and
    // with nothing cached the answer is 503 at once while the retry runs in the background. Only
    // a refresh expected to succeed is awaited (the very first fetch, or the first after an idle
    // lifetime), bounded by the timeout, so a hanging issuer cannot starve the container's threads.
    boolean failing = failureStreak > 0;
    if (pending != null && !failing) {
      await(pending);
    }
    set = keys;
    now = clock.instant();
    // Stale if error: the last good key set serves for up to maxStale past its lifetime.
    if (set != null && now.isBefore(set.expiresAt().plus(settings.maxStale()))) {
      return set;
    }
    throw unavailable(now);
  }

  /** Stands for "the cooldown holds this refresh back", apart from a backoff's null. */
  private static final CompletableFuture<Void> COOLING = new CompletableFuture<>();

  private List<VerificationKey> refreshForUnknownKid(String kid, String alg) {
    Instant now = clock.instant();
    CompletableFuture<Void> pending;
    synchronized (this) {
      pending = unknownKidRefresh(kid, now);
    }
    if (pending == COOLING && !subscribers.isEmpty()) {
      tell(GatehouseEvent.KidCooldown::new);
    }
    if (pending == null || pending == COOLING) {
      return List.of();
    }
    await(pending);
    KeySet set = keys;
    List<VerificationKey> found = set == null ? List.of() : set.candidates(kid, alg);
    if (found.isEmpty()) {
      synchronized (this) {
        rememberMissing(kid, clock.instant());
      }
    }
    return found;
  }

  /**
   * The refresh an unknown {@code kid} may wait for; {@link #COOLING} when the cooldown holds it
   * back, null when a backoff does (the {@code kid} is then remembered as missing). Guarded by
   * this.
   */
  private @Nullable CompletableFuture<Void> unknownKidRefresh(String kid, Instant now) {
    Instant missing = missingKids.get(kid);
    if (missing != null && now.isBefore(missing.plus(settings.refreshCooldown()))) {
      return COOLING;
    }
    if (inflight != null) {
      return inflight;
    }
    if (lastKidRefresh != null && now.isBefore(lastKidRefresh.plus(settings.refreshCooldown()))) {
      rememberMissing(kid, now);
      return COOLING;
    }
    CompletableFuture<Void> pending = refresh(now);
    if (pending == null) {
      rememberMissing(kid, now);
      return null;
    }
    lastKidRefresh = now;
    return pending;
  }

  private void rememberMissing(String kid, Instant now) {
    if (missingKids.size() >= MAX_REMEMBERED_KIDS) {
      missingKids.clear();
    }
    missingKids.put(kid, now);
  }

  /** The fetch in flight, if any: tests wait on it instead of sleeping. */
  synchronized @Nullable CompletableFuture<Void> inflight() {
    return inflight;
  }

  /**
   * Starts a fetch unless one is in flight (then returns it) or a backoff delay runs (then null).
   */
  private synchronized @Nullable CompletableFuture<Void> refresh(Instant now) {
    if (inflight != null) {
      return inflight;
    }
    if (now.isBefore(nextAttempt)) {
      return null;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    inflight = done;
    KeySet current = keys;
    long started = System.nanoTime();
    CompletableFuture<URI> uri =
        fixedUri != null
            ? CompletableFuture.completedFuture(fixedUri)
            : Objects.requireNonNull(discovery).jwksUri();
    // complete() settles done, the future every caller waits on, whatever the outcome.
    CompletableFuture<?> unused =
        uri.thenCompose(
                target ->
                    fetcher.get(
                        target,
                        current == null ? null : current.etag,
                        current == null ? null : current.lastModified))
            .whenComplete((response, error) -> complete(done, current, response, error, started));
    return done;
  }

  private void complete(
      CompletableFuture<Void> done,
      @Nullable KeySet current,
      HttpFetcher.@Nullable Response response,
      @Nullable Throwable error,
      long started) {
    Instant now = clock.instant();
    JwksResponse.Outcome outcome = JwksResponse.read(current, response, error, now, settings);
    KeySet next = outcome.keys();
    String failure = outcome.failure();
    synchronized (this) {
      inflight = null;
      if (next != null) {
        succeeded(next);
      } else {
        failed(now, Objects.requireNonNull(failure));
      }
    }
    if (!subscribers.isEmpty()) {
      // Before the waiting callers go on, so that what they do next follows the event.
      Duration latency = Duration.ofNanos(System.nanoTime() - started);
      GatehouseEvent.KeyFetch.Outcome result =
          next == null
              ? GatehouseEvent.KeyFetch.Outcome.FAILED
              : response != null && response.status() == 304
                  ? GatehouseEvent.KeyFetch.Outcome.NOT_MODIFIED
                  : GatehouseEvent.KeyFetch.Outcome.UPDATED;
      tell(issuer -> new GatehouseEvent.KeyFetch(issuer, result, latency));
    }
    done.complete(null);
  }

  private void succeeded(KeySet next) {
    if (failureStreak > 0) {
      LOG.info("JWKS {} fetched again after {} failed attempts", location(), failureStreak);
    }
    keys = next;
    failureStreak = 0;
    lastError = null;
    nextAttempt = Instant.MIN;
  }

  // Only the one fetch in flight (single flight) updates the counters; volatile is for the readers.
  @SuppressWarnings("NonAtomicVolatileUpdate")
  private void failed(Instant now, String failure) {
    failureStreak++;
    lastError = failure;
    long factor = 1L << Math.min(failureStreak - 1, 16);
    Duration backoff = MIN_BACKOFF.multipliedBy(factor);
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    nextAttempt = now.plus(backoff);
    if (failureStreak == 1) {
      LOG.warn(
          "JWKS fetch from {} failed: {}; {}",
          location(),
          failure,
          keys == null ? "no keys cached" : "serving cached keys");
    } else {
      LOG.debug(
          "JWKS fetch from {} failed again ({} in a row): {}", location(), failureStreak, failure);
    }
  }

  private void await(CompletableFuture<Void> pending) {
    try {
      pending.get(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The outcome is in the state; the caller reads it.
    }
  }

  private AuthException unavailable(Instant now) {
    Duration retry;
    synchronized (this) {
      retry = now.isBefore(nextAttempt) ? Duration.between(now, nextAttempt) : MIN_BACKOFF;
    }
    if (retry.compareTo(MIN_BACKOFF) < 0) {
      retry = MIN_BACKOFF;
    }
    return new AuthException(
        new AuthFailure(FailureReason.KEYS_UNAVAILABLE, "signing keys unavailable", retry));
  }

  static String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    String message = cause.getMessage();
    if (cause instanceof HttpFetcher.FetchException && message != null) {
      return message;
    }
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
