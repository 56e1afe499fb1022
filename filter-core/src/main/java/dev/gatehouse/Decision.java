package dev.gatehouse;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The guard's answer for one request: call the application ({@link Proceed}), or send the rendered
 * refusal instead ({@link Refuse}). An adapter translates it and decides nothing itself.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Decision {
  /** The verified token, when there is one. */
  @Nullable Auth auth();

  /** Why the request is not authenticated or authorized, when it is not. */
  @Nullable AuthFailure failure();

  /**
   * Call the application. The adapter puts {@code auth} at {@link Auth#REQUEST_ATTRIBUTE} (and
   * removes any value there when it is null) and, in annotate mode, {@code failure} at {@link
   * AuthFailure#REQUEST_ATTRIBUTE}.
   *
   * @param auth the verified token, or null when the request goes on without one
   * @param failure in annotate mode or for a request without a token that may pass, why there is no
   *     (sufficient) {@code Auth}
   */
  record Proceed(@Nullable Auth auth, @Nullable AuthFailure failure) implements Decision {
    static final Proceed PASS = new Proceed(null, null);
  }

  /**
   * Send {@code rejection} and do not call the application.
   *
   * @param rejection the status, headers and body to send, byte-identical for every adapter
   * @param auth the verified token of a request refused for authorization (403), else null
   * @param failure the reason
   */
  record Refuse(Rejection rejection, @Nullable Auth auth, AuthFailure failure) implements Decision {
    public Refuse {
      Objects.requireNonNull(rejection, "rejection");
      Objects.requireNonNull(failure, "failure");
    }
  }
}
