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
 * {@snippet :
 * KeySource keys = KeySource.shared(URI.create("https://idp.example.com/jwks"), JwksSettings.DEFAULTS, Clock.systemUTC());
 * List<PublicKey> candidates = keys.keys("key-1", "ES256");
 * }
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

  /**
   * The keys that may verify a token with {@code kid} and {@code alg}; empty when none is known,
   * even after the refresh an unknown {@code kid} may cause.
   *
   * @throws AuthException {@link FailureReason#KEYS_UNAVAILABLE} when no key set was ever fetched,
   *     or the last one is older than its lifetime plus {@link JwksSettings#maxStale()}
   */
  List<PublicKey> keys(@Nullable String kid, String alg) throws AuthException {
    KeySet set = usableKeys();
    List<PublicKey> found = set.candidates(kid, alg);
    if (!found.isEmpty() || kid == null) {
      return found;
    }
    return refreshForUnknownKid(kid, alg);
  }

  /**
   * Whether {@code key} is in the current key set: a key the issuer withdrew no longer verifies.
   * Keys due for a refresh are refreshed in the background, so that callers that only ever ask this
   * (a cache of verified tokens) still see a withdrawn key disappear.
   */
  boolean isPublished(PublicKey key) {
    KeySet set = keys;
    if (set == null) {
      return false;
    }
    Instant now = clock.instant();
    if (!now.isBefore(set.refreshAt())) {
      refresh(now);
    }
    return set.contains(key);
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
      refresh(now);
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

  private List<PublicKey> refreshForUnknownKid(String kid, String alg) {
    Instant now = clock.instant();
    CompletableFuture<Void> pending;
    synchronized (this) {
      Instant missing = missingKids.get(kid);
      if (missing != null && now.isBefore(missing.plus(settings.refreshCooldown()))) {
        return List.of();
      }
      if (inflight != null) {
        pending = inflight;
      } else if (lastKidRefresh != null
          && now.isBefore(lastKidRefresh.plus(settings.refreshCooldown()))) {
        rememberMissing(kid, now);
        return List.of();
      } else {
        pending = refresh(now);
        if (pending == null) {
          rememberMissing(kid, now);
          return List.of();
        }
        lastKidRefresh = now;
      }
    }
    await(pending);
    KeySet set = keys;
    List<PublicKey> found = set == null ? List.of() : set.candidates(kid, alg);
    if (found.isEmpty()) {
      synchronized (this) {
        rememberMissing(kid, clock.instant());
      }
    }
    return found;
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
    CompletableFuture<URI> uri =
        fixedUri != null
            ? CompletableFuture.completedFuture(fixedUri)
            : Objects.requireNonNull(discovery).jwksUri();
    uri.thenCompose(
            target ->
                fetcher.get(
                    target,
                    current == null ? null : current.etag,
                    current == null ? null : current.lastModified))
        .whenComplete((response, error) -> complete(done, current, response, error));
    return done;
  }

  private void complete(
      CompletableFuture<Void> done,
      @Nullable KeySet current,
      HttpFetcher.@Nullable Response response,
      @Nullable Throwable error) {
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
