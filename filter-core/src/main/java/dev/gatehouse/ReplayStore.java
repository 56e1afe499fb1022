package dev.gatehouse;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * Where single-use identifiers are remembered, so that a DPoP proof (RFC 9449 §11.1) is accepted
 * once: in this process by default, and across a cluster in a shared store ({@code filter-redis}
 * for {@code redis://} URIs, found through {@link java.util.ServiceLoader}).
 *
 * <p>Implementations are thread-safe.
 */
public interface ReplayStore extends AutoCloseable {
  /**
   * Whether {@code key} is used for the first time; if so it is remembered until {@code until}.
   *
   * @throws IllegalStateException when the store cannot answer (unreachable, timed out): the caller
   *     then refuses, unless told to fail open
   */
  boolean firstUse(String key, Instant until);

  /** Releases the store's connections and threads; a closed store refuses every call. */
  @Override
  void close();

  /**
   * A store in this process, bounded to {@code capacity} live entries: when full of them it refuses
   * new ones (fail closed, an {@link IllegalStateException}) instead of forgetting old ones.
   */
  static ReplayStore inMemory(int capacity, Clock clock) {
    ReplayCache cache = new ReplayCache(capacity, clock);
    return new ReplayStore() {
      @Override
      public boolean firstUse(String key, Instant until) {
        try {
          return cache.firstUse(key, until);
        } catch (AuthException full) {
          throw new IllegalStateException("the replay cache is full", full);
        }
      }

      @Override
      public void close() {}
    };
  }

  /** Opens stores of a URI scheme; registered in {@code META-INF/services}. */
  interface Provider {
    /** Whether this provider opens stores at {@code uri}. */
    boolean accepts(URI uri);

    /** Opens the store at {@code uri}; the clock is the verifier's. */
    ReplayStore open(URI uri, Clock clock);
  }
}
