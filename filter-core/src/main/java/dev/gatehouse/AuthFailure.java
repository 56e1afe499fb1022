package dev.gatehouse;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a request was refused: a {@link FailureReason} and a short message that names the failed
 * check (never the token, a claim value, or a key).
 *
 * <p>Immutable and thread-safe.
 *
 * @param reason the reason, which fixes the status and error code
 * @param message a human-readable description, safe to send to the client
 * @param retryAfter when the client may retry; set only for the 503 reasons
 */
public record AuthFailure(FailureReason reason, String message, @Nullable Duration retryAfter) {
  /**
   * Request attribute where the {@code annotate} mode puts the failure of an unauthenticated
   * request.
   */
  public static final String REQUEST_ATTRIBUTE = "dev.gatehouse.failure";

  public AuthFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** A failure without {@code Retry-After}. */
  public static AuthFailure of(FailureReason reason, String message) {
    return new AuthFailure(reason, message, null);
  }

  /** The exception form of this failure, for code paths that unwind. */
  AuthException exception() {
    return new AuthException(this);
  }
}
