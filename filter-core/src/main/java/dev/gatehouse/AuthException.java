package dev.gatehouse;

import java.util.Objects;

/**
 * Thrown by {@link TokenVerifier} when a request cannot be authenticated; {@link #failure()} says
 * why. It carries no stack trace: it is an expected outcome, and a flood of bad tokens must not
 * cost a stack walk each.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient AuthFailure failure;

  /** An exception carrying {@code failure}. */
  public AuthException(AuthFailure failure) {
    super(Objects.requireNonNull(failure, "failure").message(), null, false, false);
    this.failure = failure;
  }

  /** Why the request was refused. */
  public AuthFailure failure() {
    return failure;
  }

  /** Shorthand for {@code failure().reason()}. */
  public FailureReason reason() {
    return failure.reason();
  }
}
