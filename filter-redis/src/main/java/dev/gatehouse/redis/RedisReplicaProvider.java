package dev.gatehouse.redis;

import dev.gatehouse.RevocationReplica;
import dev.gatehouse.Revocations;
import java.net.URI;

/**
 * Opens a {@link RedisRevocations} for the {@code revocation-replica-uri} setting ({@code redis://}
 * and {@code rediss://}); found by {@link java.util.ServiceLoader}, not called directly.
 */
public final class RedisReplicaProvider implements RevocationReplica.Provider {
  /** For {@link java.util.ServiceLoader}. */
  public RedisReplicaProvider() {}

  @Override
  public boolean accepts(URI uri) {
    return RedisTarget.isRedis(uri);
  }

  @Override
  public RevocationReplica open(URI uri, Revocations revocations) {
    return RedisRevocations.start(uri, revocations);
  }
}
