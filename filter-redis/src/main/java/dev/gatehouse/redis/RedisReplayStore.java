package dev.gatehouse.redis;

import dev.gatehouse.ReplayStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * DPoP proofs single-use across a cluster: each proof's key is written with {@code SET key 1 NX PX
 * ttl}, so the first node to see a proof wins and every other one, and every later request, finds
 * it taken. One round trip per proof, bounded: a pool of 16 connections, 500 ms to get one, to
 * connect and to answer; past that the call fails and the request gets 503 (or passes, with {@code
 * dpop-replay-fail-open}).
 *
 * <p>Keys are {@value #PREFIX} and the proof's key thumbprint and {@code jti}; they expire on their
 * own when the proof could no longer be accepted.
 *
 * <p>Thread-safe.
 */
public final class RedisReplayStore implements ReplayStore {
  /** The prefix of every key this store writes. */
  public static final String PREFIX = "gatehouse:replay:";

  private static final int TIMEOUT_MILLIS = 500;

  private final RedisClient jedis;
  private final Clock clock;
  private final String location;

  private RedisReplayStore(RedisClient jedis, Clock clock, String location) {
    this.jedis = jedis;
    this.clock = clock;
    this.location = location;
  }

  /**
   * A store at {@code uri} ({@code redis://} or {@code rediss://}, optional user, password and
   * database number as the path; the password, when the URI has none, from {@value
   * RedisRevocations#PASSWORD_VARIABLE}). Connects on first use.
   */
  public static RedisReplayStore open(URI uri, Clock clock) {
    Objects.requireNonNull(uri, "uri");
    RedisTarget target = RedisTarget.parse(uri, TIMEOUT_MILLIS, TIMEOUT_MILLIS);
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(16);
    pool.setMaxIdle(16);
    pool.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
    pool.setJmxEnabled(false);
    RedisClient client =
        RedisClient.builder()
            .hostAndPort(target.address)
            .clientConfig(target.config)
            .poolConfig(pool)
            .build();
    return new RedisReplayStore(client, clock, target.location);
  }

  @Override
  public boolean firstUse(String key, Instant until) {
    long ttl = Math.max(1, until.toEpochMilli() - clock.millis());
    try {
      return "OK".equals(jedis.set(PREFIX + key, "1", SetParams.setParams().nx().px(ttl)));
    } catch (RuntimeException e) {
      // Never the URI or a password: the location only.
      throw new IllegalStateException(
          "the DPoP replay store at " + location + " did not answer: " + e.getClass().getName());
    }
  }

  @Override
  public void close() {
    jedis.close();
  }

  @Override
  public String toString() {
    return "RedisReplayStore[" + location + "]";
  }

  /**
   * Opens a {@link RedisReplayStore} for the {@code dpop-replay-uri} setting; found by {@link
   * java.util.ServiceLoader}, not called directly.
   */
  public static final class Provider implements ReplayStore.Provider {
    /** For {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public boolean accepts(URI uri) {
      return RedisTarget.isRedis(uri);
    }

    @Override
    public ReplayStore open(URI uri, Clock clock) {
      return RedisReplayStore.open(uri, clock);
    }
  }
}
