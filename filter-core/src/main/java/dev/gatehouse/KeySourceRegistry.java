package dev.gatehouse;

import dev.gatehouse.jwks.JwksSettings;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide registry of key sources: one per meaning (a fixed JWKS URI or a discovery
 * issuer, with its settings and clock), shared by every verifier that asks for it, with a count of
 * its users so that the last release removes it.
 *
 * <p>Thread-safe.
 */
final class KeySourceRegistry {
  private static final Map<Key, Entry> SHARED = new ConcurrentHashMap<>();

  /**
   * Everything that changes a source's behaviour: a fixed JWKS URI and a discovery issuer with the
   * same text are different sources (discovery also checks the metadata's issuer).
   */
  record Key(
      boolean discovered,
      String location,
      @Nullable String jwksPath,
      JwksSettings settings,
      Clock clock) {
    // Written out: on JDK 17 the equals and hashCode a record gets by default are bootstrapped
    // through a JDK-wide method handle whose cache keeps the last record class it served, and so
    // an undeployed web application's class loader.
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key k
          && discovered == k.discovered
          && location.equals(k.location)
          && java.util.Objects.equals(jwksPath, k.jwksPath)
          && settings.ttl().equals(k.settings.ttl())
          && settings.refreshCooldown().equals(k.settings.refreshCooldown())
          && settings.maxStale().equals(k.settings.maxStale())
          && settings.timeout().equals(k.settings.timeout())
          && settings.maxBodyBytes() == k.settings.maxBodyBytes()
          && clock.equals(k.clock);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(discovered, location, jwksPath, settings.ttl(), clock);
    }
  }

  /** A source and its number of users; guarded by the map's lock on its key. */
  private static final class Entry {
    final KeySource source;
    int users;

    Entry(KeySource source) {
      this.source = source;
    }
  }

  private KeySourceRegistry() {}

  /** The source for {@code key}, created by {@code create} if there is none; one more user. */
  static KeySource acquire(Key key, Function<Key, KeySource> create) {
    return SHARED.compute(
            key,
            (k, existing) -> {
              Entry entry = existing != null ? existing : new Entry(create.apply(k));
              entry.users++;
              return entry;
            })
        .source;
  }

  /**
   * One user fewer for {@code source}; returns whether that was the last, so the caller shuts the
   * source's resources down.
   */
  static boolean release(Key key, KeySource source) {
    boolean[] last = {false};
    SHARED.computeIfPresent(
        key,
        (k, existing) -> {
          if (existing.source != source) {
            return existing;
          }
          existing.users--;
          last[0] = existing.users <= 0;
          return last[0] ? null : existing;
        });
    return last[0];
  }
}
