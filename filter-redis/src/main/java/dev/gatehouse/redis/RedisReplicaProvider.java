package dev.gatehouse.redis;

import dev.gatehouse.RevocationReplica;
import dev.gatehouse.Revocations;
import java.net.URI;
import java.util.Locale;

/**
 * Opens a {@link RedisRevocations} for the {@code revocation-replica-uri} setting ({@code redis://}
 * and {@code rediss://}); found by {@link java.util.ServiceLoader}, not called directly.
 */
public final class RedisReplicaProvider implements RevocationReplica.Provider {
  /** For {@link java.util.ServiceLoader}. */
  public RedisReplicaProvider() {}

  @Override
  public boolean accepts(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("redis") || scheme.equals("rediss");
  }

  @Override
  public RevocationReplica open(URI uri, Revocations revocations) {
    return RedisRevocations.start(uri, revocations);
  }
}
