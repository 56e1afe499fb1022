package dev.gatehouse;

import java.net.URI;

/**
 * Keeps a {@link Revocations} list in step with the other nodes of a cluster through a shared
 * store: it publishes what this node records ({@link Revocations#addListener}), applies what the
 * others record ({@link Revocations#apply}), and says when it was last in step ({@link
 * Revocations#markSynced}). The request path never waits for it. The {@code filter-redis} module
 * provides one for {@code redis://} and {@code rediss://} URIs, which {@code
 * TokenVerifier.Builder.revocationReplica} finds with {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe.
 */
public interface RevocationReplica extends AutoCloseable {
  /** Opens replicas; registered for {@link java.util.ServiceLoader}. */
  interface Provider {
    /** Whether this provider opens replicas at {@code uri} (by its scheme). */
    boolean accepts(URI uri);

    /**
     * Starts a replica of {@code revocations} at {@code uri}, in the background; it may wait a
     * bounded time for its first read of the store, and returns whether or not that is reachable.
     *
     * @throws IllegalArgumentException for a URI it cannot use, in a message that never repeats the
     *     URI's user information
     */
    RevocationReplica open(URI uri, Revocations revocations);
  }

  /** Stops the replica and its threads; what was applied stays in the list. */
  @Override
  void close();
}
