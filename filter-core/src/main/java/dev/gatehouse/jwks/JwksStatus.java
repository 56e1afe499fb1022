package dev.gatehouse.jwks;

import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link dev.gatehouse.KeySource}'s state, for health checks and logs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param location the JWKS URI, or the issuer whose metadata names it before discovery succeeded
 * @param lastSuccess when keys were last fetched or confirmed unchanged; null if never
 * @param keyCount how many usable signing keys are cached
 * @param stale whether the cached keys are past their lifetime and served only because refreshes
 *     fail
 * @param lastError the last fetch failure of the current failure streak; null when the last fetch
 *     succeeded
 * @param failureStreak how many fetches in a row have failed
 */
public record JwksStatus(
    URI location,
    @Nullable Instant lastSuccess,
    int keyCount,
    boolean stale,
    @Nullable String lastError,
    int failureStreak) {

  /** Whether tokens signed with cached keys can be verified now. */
  public boolean ready() {
    return lastSuccess != null && keyCount > 0;
  }
}
