package dev.gatehouse.jwks;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link dev.gatehouse.KeySource} fetches and keeps an issuer's keys. The defaults are named
 * constants and listed in the README's configuration table.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ttl how long a fetched key set is fresh when the response has no {@code Cache-Control:
 *     max-age} (a {@code max-age} is honoured, clamped to [{@link #MIN_MAX_AGE}, {@link
 *     #MAX_MAX_AGE}])
 * @param refreshCooldown the least time between two refreshes caused by unknown {@code kid}s, and
 *     how long a {@code kid} that was looked for and not found is remembered
 * @param maxStale how long past its lifetime the last good key set keeps serving while refreshes
 *     fail
 * @param timeout the connect timeout and the bound on a whole fetch, headers and body
 * @param maxBodyBytes the largest response body read
 */
public record JwksSettings(
    Duration ttl,
    Duration refreshCooldown,
    Duration maxStale,
    Duration timeout,
    long maxBodyBytes) {

  /** Default {@link #ttl()}: 5 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** Default {@link #refreshCooldown()}: 30 seconds. */
  public static final Duration DEFAULT_REFRESH_COOLDOWN = Duration.ofSeconds(30);

  /** Default {@link #maxStale()}: 6 hours. */
  public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(6);

  /** Default {@link #timeout()}: 5 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Default {@link #maxBodyBytes()}: 512 KiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 512 * 1024;

  /** The least lifetime a {@code Cache-Control: max-age} can set. */
  public static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);

  /** The greatest lifetime a {@code Cache-Control: max-age} can set. */
  public static final Duration MAX_MAX_AGE = Duration.ofHours(24);

  /** The defaults. */
  public static final JwksSettings DEFAULTS =
      new JwksSettings(
          DEFAULT_TTL,
          DEFAULT_REFRESH_COOLDOWN,
          DEFAULT_MAX_STALE,
          DEFAULT_TIMEOUT,
          DEFAULT_MAX_BODY_BYTES);

  public JwksSettings {
    requirePositive(ttl, "jwks ttl");
    requireNonNegative(refreshCooldown, "jwks refresh cooldown");
    requireNonNegative(maxStale, "jwks max stale");
    requirePositive(timeout, "jwks timeout");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("jwks max body bytes must be positive: " + maxBodyBytes);
    }
  }

  /** These settings with {@code ttl}. */
  public JwksSettings withTtl(Duration ttl) {
    return new JwksSettings(ttl, refreshCooldown, maxStale, timeout, maxBodyBytes);
  }

  /** These settings with {@code refreshCooldown}. */
  public JwksSettings withRefreshCooldown(Duration refreshCooldown) {
    return new JwksSettings(ttl, refreshCooldown, maxStale, timeout, maxBodyBytes);
  }

  /** These settings with {@code maxStale}. */
  public JwksSettings withMaxStale(Duration maxStale) {
    return new JwksSettings(ttl, refreshCooldown, maxStale, timeout, maxBodyBytes);
  }

  /** These settings with {@code timeout}. */
  public JwksSettings withTimeout(Duration timeout) {
    return new JwksSettings(ttl, refreshCooldown, maxStale, timeout, maxBodyBytes);
  }

  /** These settings with {@code maxBodyBytes}. */
  public JwksSettings withMaxBodyBytes(long maxBodyBytes) {
    return new JwksSettings(ttl, refreshCooldown, maxStale, timeout, maxBodyBytes);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}
