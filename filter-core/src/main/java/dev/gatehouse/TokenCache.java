package dev.gatehouse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Verified tokens, so that a token seen again costs a map lookup instead of a signature check.
 * Keyed by the exact string the token arrived in, so a different token can never hit. An entry
 * never outlives the token's {@code exp} nor {@code maxAge}, and stops hitting as soon as the key
 * that verified it leaves the issuer's JWKS. Failures are never cached.
 *
 * <p>Thread-safe.
 */
final class TokenCache {
  /** Default number of entries. */
  static final int DEFAULT_SIZE = 10_000;

  /** Default longest time an entry serves. */
  static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  /** Default bound on the estimated bytes held, whatever the size of the tokens. */
  static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

  /**
   * Estimated bytes per token character: the key string (one byte a character) and the parsed
   * claims (at most three quarters of a character each, two bytes a character for text outside
   * Latin-1). The benchmarks module's {@code CacheMemory} measured 1.8 bytes a character for
   * 11,229-character tokens of ASCII claims.
   */
  static final int BYTES_PER_TOKEN_CHAR = 3;

  /**
   * Fixed bytes per entry: node, entry record, {@code Auth}, collections; measured 1.3 KiB in all
   * for 306-character tokens.
   */
  static final int BYTES_PER_ENTRY = 1024;

  /**
   * A verified token and until when it serves, in epoch milliseconds: a hit reads the clock's
   * millis, which allocates nothing, where an {@code Instant} would be one allocation per request.
   */
  private record Entry(Auth auth, KeySource source, PublicKey key, long untilMillis) {
    /**
     * Whether the entry still serves at {@code nowMillis}: before its end, and its key still
     * published. The key source runs on the cache's clock (its registry key includes the clock).
     */
    boolean serves(long nowMillis) {
      return nowMillis < untilMillis && source.isPublished(key, nowMillis);
    }
  }

  private final @Nullable Cache<TokenKey, Entry> cache;
  private final Duration maxAge;
  private final Clock clock;

  TokenCache(int size, long maxBytes, Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
    // One weight bounds both: an entry weighs its estimated bytes, and never less than its share
    // of the count bound, so neither maxBytes nor size is ever exceeded.
    long floor = size == 0 ? 1 : Math.max(1, maxBytes / size);
    this.cache =
        size == 0
            ? null
            : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<TokenKey, Entry>weigher(
                    (key, entry) ->
                        (int)
                            Math.min(
                                Integer.MAX_VALUE, Math.max(floor, estimatedBytes(key.length()))))
                // Housekeeping only, on the system ticker: whether an entry still serves is
                // decided in get() on the injected clock, so a hit reads that clock once.
                .expireAfterWrite(maxAge)
                .ticker(Ticker.systemTicker())
                .executor(Runnable::run)
                .build();
  }

  /** The estimated bytes an entry for {@code token} holds. */
  static long estimatedBytes(String token) {
    return estimatedBytes(token.length());
  }

  static long estimatedBytes(int tokenLength) {
    return BYTES_PER_ENTRY + (long) BYTES_PER_TOKEN_CHAR * tokenLength;
  }

  /** The cached {@code Auth} for {@code key}, if it is still valid now. */
  @Nullable Auth get(TokenKey key) {
    if (cache == null) {
      return null;
    }
    Entry entry = cache.getIfPresent(key);
    if (entry == null) {
      return null;
    }
    if (entry.serves(clock.millis())) {
      return entry.auth;
    }
    cache.invalidate(key);
    return null;
  }

  /**
   * The cached {@code Auth} for the whole string {@code key} (a canonical {@code Bearer} header
   * value), if it is still valid now. The key object is made here, inside the lookup, so that the
   * JIT can keep it off the heap: a hit allocates nothing.
   */
  @Nullable Auth get(String key) {
    if (cache == null) {
      return null;
    }
    TokenKey lookup = TokenKey.of(key);
    Entry entry = cache.getIfPresent(lookup);
    if (entry == null) {
      return null;
    }
    if (entry.serves(clock.millis())) {
      return entry.auth;
    }
    cache.invalidate(lookup);
    return null;
  }

  void put(TokenKey key, Auth auth, KeySource source, PublicKey publicKey) {
    if (cache == null) {
      return;
    }
    Instant limit = clock.instant().plus(maxAge);
    Instant until = auth.expiresAt().isBefore(limit) ? auth.expiresAt() : limit;
    cache.put(key, new Entry(auth, source, publicKey, until.toEpochMilli()));
  }

  long size() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
