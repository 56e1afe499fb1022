package dev.gatehouse;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identifiers ({@code jti}) already accepted, each kept until a token carrying it could no
 * longer be accepted, so a replayed one is refused. Bounded: when full of live entries it refuses
 * new ones (fail closed) instead of forgetting old ones.
 *
 * <p>Thread-safe.
 */
final class ReplayCache {
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private static final long SWEEP_MILLIS = 1000;

  private final java.util.concurrent.atomic.AtomicLong lastSweep =
      new java.util.concurrent.atomic.AtomicLong();
  private final int capacity;
  private final Clock clock;

  ReplayCache(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Whether {@code id} is seen for the first time; if so it is remembered until {@code until}. */
  boolean firstUse(String id, Instant until) throws AuthException {
    Instant now = clock.instant();
    Instant previous = seen.get(id);
    if (previous != null && now.isBefore(previous)) {
      return false;
    }
    // Expired entries go once a second at most (a sweep reads every entry), or when full.
    long last = lastSweep.get();
    if ((now.toEpochMilli() - last >= SWEEP_MILLIS
            && lastSweep.compareAndSet(last, now.toEpochMilli()))
        || seen.size() >= capacity) {
      seen.values().removeIf(expiry -> !now.isBefore(expiry));
    }
    if (seen.size() >= capacity) {
      throw AuthFailure.of(FailureReason.KEYS_UNAVAILABLE, "too many recent tokens").exception();
    }
    Instant before = seen.put(id, until);
    return before == null || !now.isBefore(before);
  }

  int size() {
    return seen.size();
  }
}
