package dev.gatehouse.jwks;

import dev.gatehouse.AuthException;
import dev.gatehouse.AuthFailure;
import dev.gatehouse.FailureReason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jose4j.lang.JoseException;
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
public final class KeySource {
  private static final Logger LOG = LoggerFactory.getLogger(KeySource.class);
  private static final int MAX_REMEMBERED_KIDS = 10_000;
  private static final Map<SharedKey, KeySource> SHARED = new ConcurrentHashMap<>();

  /**
   * Everything that changes a source's behaviour: a fixed JWKS URI and a discovery issuer with the
   * same text are different sources (discovery also checks the metadata's issuer).
   */
  private record SharedKey(
      boolean discovered,
      String location,
      @Nullable String jwksPath,
      JwksSettings settings,
      Clock clock) {}

  private final SharedKey sharedKey;
  // Guarded by SHARED's lock on this entry (compute / computeIfPresent).
  private int users;

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
      SharedKey sharedKey,
      @Nullable URI fixedUri,
      @Nullable Discovery discovery,
      JwksSettings settings,
      Clock clock,
      HttpFetcher fetcher) {
    this.sharedKey = sharedKey;
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
  public static KeySource shared(URI jwksUri, JwksSettings settings, Clock clock) {
    requireAllowed(jwksUri, "jwks uri");
    return acquire(
        new SharedKey(false, jwksUri.toString(), null, settings, clock),
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
  public static KeySource discovered(
      String issuer, @Nullable String jwksPath, JwksSettings settings, Clock clock) {
    checkIssuer(issuer);
    requireAllowed(URI.create(issuer), "issuer");
    if (jwksPath != null && !jwksPath.startsWith("/")) {
      throw new IllegalArgumentException("jwks path must start with '/': " + jwksPath);
    }
    return acquire(
        new SharedKey(true, issuer, jwksPath, settings, clock),
        k -> {
          HttpFetcher fetcher = new HttpFetcher(settings.timeout(), settings.maxBodyBytes());
          Discovery discovery = new Discovery(issuer, jwksPath, fetcher, clock, settings.ttl());
          return new KeySource(k, null, discovery, settings, clock, fetcher);
        });
  }

  private static KeySource acquire(
      SharedKey key, java.util.function.Function<SharedKey, KeySource> create) {
    return SHARED.compute(
        key,
        (k, existing) -> {
          KeySource source = existing != null ? existing : create.apply(k);
          source.users++;
          return source;
        });
  }

  /**
   * Gives back one use of this shared source (one per {@link #shared} or {@link #discovered} call).
   * When the last user releases it, it leaves the process-wide registry, so that an undeployed web
   * application leaves no key source, HTTP client or thread behind: its HTTP client is shut down. A
   * released source still answers its remaining callers from the keys it has, and fetches no more.
   */
  public void release() {
    boolean[] last = {false};
    SHARED.computeIfPresent(
        sharedKey,
        (k, existing) -> {
          if (existing != this) {
            return existing;
          }
          users--;
          last[0] = users <= 0;
          return last[0] ? null : this;
        });
    if (last[0]) {
      fetcher.close();
    }
  }

  /**
   * Whether keys or metadata may be fetched from {@code uri}: an absolute {@code https} URI, or
   * {@code http} to a loopback address, where no network sits between the two ends.
   */
  public static boolean isFetchable(URI uri) {
    return HttpFetcher.isAllowed(uri);
  }

  private static void requireAllowed(URI uri, String name) {
    checkLocation(uri, name);
  }

  /**
   * Checks a location to fetch from: absolute {@code https} (or {@code http} on loopback), and no
   * user information, which would never be sent and must never be printed.
   *
   * @throws IllegalArgumentException naming {@code name}, never echoing user information
   */
  public static void checkLocation(URI uri, String name) {
    Objects.requireNonNull(uri, name);
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          name
              + " must not contain user information (credentials are never sent): "
              + printable(uri));
    }
    if (!HttpFetcher.isAllowed(uri)) {
      throw new IllegalArgumentException(
          name + " must be an absolute https URI (http only on loopback): " + printable(uri));
    }
  }

  /**
   * Checks an issuer identifier: one with a query or a fragment is refused (OpenID Connect
   * Discovery §2, RFC 8414 §2), and one that is a URI must carry no user information.
   *
   * @throws IllegalArgumentException saying why, never echoing user information
   */
  public static void checkIssuer(String issuer) {
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (java.net.URISyntaxException e) {
      return;
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "issuer must not contain user information: " + printable(uri));
    }
    if (uri.isAbsolute() && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
      throw new IllegalArgumentException(
          "issuer must not have a query or a fragment (OpenID Connect Discovery 1.0 §2, RFC 8414"
              + " §2): "
              + printable(uri));
    }
  }

  /** {@code uri} without its user information, for messages, logs and status. */
  public static String printable(@Nullable URI uri) {
    if (uri == null) {
      return "null";
    }
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append(':');
    }
    out.append("//").append(uri.getHost() == null ? "" : uri.getHost());
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    return out.toString();
  }

  /**
   * The keys that may verify a token with {@code kid} and {@code alg}; empty when none is known,
   * even after the refresh an unknown {@code kid} may cause.
   *
   * @throws AuthException {@link FailureReason#KEYS_UNAVAILABLE} when no key set was ever fetched,
   *     or the last one is older than its lifetime plus {@link JwksSettings#maxStale()}
   */
  public List<PublicKey> keys(@Nullable String kid, String alg) throws AuthException {
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
  public boolean isPublished(PublicKey key) {
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
  public JwksStatus status() {
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
    String failure = null;
    KeySet next = null;
    if (error != null) {
      failure = describe(error);
    } else if (response == null) {
      failure = "no response";
    } else if (response.status() == 304 && current != null) {
      next =
          current.renewed(
              now, lifetime(response), response.header("ETag"), response.header("Last-Modified"));
    } else if (response.status() != 200) {
      failure = "HTTP " + response.status();
    } else {
      try {
        String json = new String(response.body(), StandardCharsets.UTF_8);
        next =
            KeySet.parse(
                json,
                now,
                lifetime(response),
                response.header("ETag"),
                response.header("Last-Modified"));
      } catch (JoseException | RuntimeException e) {
        failure = "invalid JWKS document";
      }
    }
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
    Duration backoff = JwksSettings.MIN_BACKOFF.multipliedBy(factor);
    if (backoff.compareTo(JwksSettings.MAX_BACKOFF) > 0) {
      backoff = JwksSettings.MAX_BACKOFF;
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

  private Duration lifetime(HttpFetcher.Response response) {
    Duration maxAge = CacheControl.maxAge(response.header("Cache-Control"));
    if (maxAge == null) {
      return settings.ttl();
    }
    if (maxAge.compareTo(JwksSettings.MIN_MAX_AGE) < 0) {
      return JwksSettings.MIN_MAX_AGE;
    }
    return maxAge.compareTo(JwksSettings.MAX_MAX_AGE) > 0 ? JwksSettings.MAX_MAX_AGE : maxAge;
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
      retry =
          now.isBefore(nextAttempt) ? Duration.between(now, nextAttempt) : JwksSettings.MIN_BACKOFF;
    }
    if (retry.compareTo(JwksSettings.MIN_BACKOFF) < 0) {
      retry = JwksSettings.MIN_BACKOFF;
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
