package dev.gatehouse;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something Gatehouse did that operators count, time or audit, given to a {@link
 * GatehouseListener}: a request's token accepted or refused, a verified-token cache lookup, a key
 * fetch, an unknown {@code kid} held back by the cooldown, a revocation recorded, a token
 * introspection. Each event names only configured issuers and enum values, never a token, and the
 * {@code kid} of a token never appears, so a metric tagged by an event's fields has a bounded
 * number of series.
 *
 * <pre>{@code
 * GatehouseListener listener = event -> {
 *   if (event instanceof GatehouseEvent.TokenRefused refused) {
 *     refusals.increment(refused.reason());
 *   }
 * };
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface GatehouseEvent {
  /**
   * A request's token was accepted: the guard let it through with a verified {@link Auth}.
   *
   * @param issuer the token's issuer, one of the configured ones
   */
  record TokenAccepted(String issuer) implements GatehouseEvent {
    public TokenAccepted {
      Objects.requireNonNull(issuer, "issuer");
    }
  }

  /**
   * A request was refused (401, 403, 400 or 503), or, in annotate mode, passed on with a failure.
   *
   * @param reason why
   * @param issuer the verified token's issuer (a 403 or a later check), else null: the {@code iss}
   *     of a token that did not verify is never reported
   * @param subject the verified token's {@code sub}, else null
   * @param path the request's path inside the application, as the adapter routed it (sent by the
   *     client: bound and escape it before writing it anywhere)
   * @param requestId the request's {@code X-Request-Id} header when it is one well-formed value (1
   *     to 64 letters, digits, {@code . _ : -}), else null
   */
  record TokenRefused(
      FailureReason reason,
      @Nullable String issuer,
      @Nullable String subject,
      String path,
      @Nullable String requestId)
      implements GatehouseEvent {
    public TokenRefused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(path, "path");
    }
  }

  /** A lookup in the verified-token cache: {@link #HIT} serves the token without a signature. */
  enum CacheLookup implements GatehouseEvent {
    /** The token was served from the cache. */
    HIT,
    /** The token was not cached (or no longer valid there) and is verified. */
    MISS
  }

  /**
   * One fetch of an issuer's JWKS (or of the metadata that names it) finished.
   *
   * @param issuer the configured issuer whose keys were fetched
   * @param outcome what came of it
   * @param latency from the start of the fetch to its outcome
   */
  record KeyFetch(String issuer, KeyFetch.Outcome outcome, Duration latency)
      implements GatehouseEvent {
    public KeyFetch {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(latency, "latency");
    }

    /** What a key fetch came to. */
    public enum Outcome {
      /** A new key set was read (HTTP 200). */
      UPDATED,
      /** The key set is unchanged (HTTP 304 to a conditional request). */
      NOT_MODIFIED,
      /** The fetch failed: timeout, HTTP error, invalid document; cached keys keep serving. */
      FAILED
    }
  }

  /**
   * A token's unknown {@code kid} did not refresh the keys because an unknown-{@code kid} refresh
   * ran within the cooldown ({@code jwks-refresh-cooldown-seconds}): a {@code kid} flood is being
   * held back. The {@code kid} itself is not reported.
   *
   * @param issuer the configured issuer the token named
   */
  record KidCooldown(String issuer) implements GatehouseEvent {
    public KidCooldown {
      Objects.requireNonNull(issuer, "issuer");
    }
  }

  /**
   * A revocation was recorded on this node (through {@link Revocations}, a back-channel logout, a
   * Shared Signals event); entries a replica copies from other nodes are not reported.
   *
   * @param entry what was revoked
   */
  record RevocationApplied(Revocations.Entry entry) implements GatehouseEvent {
    public RevocationApplied {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /**
   * One call to the issuer's introspection endpoint (RFC 7662) finished; answers served from the
   * introspection cache make no call.
   *
   * @param issuer the configured issuer asked
   * @param outcome its answer
   * @param latency from the start of the call to its answer
   */
  record Introspection(String issuer, Introspection.Outcome outcome, Duration latency)
      implements GatehouseEvent {
    public Introspection {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(latency, "latency");
    }

    /** What an introspection call came to. */
    public enum Outcome {
      /** The token is active. */
      ACTIVE,
      /** The token is not active, or not this issuer's. */
      INACTIVE,
      /** No valid answer: an HTTP error, a timeout, an invalid body. */
      FAILED
    }
  }
}
