package dev.gatehouse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.jwks.KeySource;
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

  private record Entry(Auth auth, KeySource source, PublicKey key, Instant until) {}

  private final @Nullable Cache<String, Entry> cache;
  private final Duration maxAge;
  private final Clock clock;

  TokenCache(int size, Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
    this.cache =
        size == 0
            ? null
            : Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterWrite(maxAge)
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run)
                .build();
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** The cached {@code Auth} for {@code key}, if it is still valid now. */
  @Nullable Auth get(String key) {
    if (cache == null) {
      return null;
    }
    Entry entry = cache.getIfPresent(key);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.until) || !entry.source.isPublished(entry.key)) {
      cache.invalidate(key);
      return null;
    }
    return entry.auth;
  }

  void put(String key, Auth auth, KeySource source, PublicKey publicKey) {
    if (cache == null) {
      return;
    }
    Instant limit = clock.instant().plus(maxAge);
    Instant until = auth.expiresAt().isBefore(limit) ? auth.expiresAt() : limit;
    cache.put(key, new Entry(auth, source, publicKey, until));
  }

  long size() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
