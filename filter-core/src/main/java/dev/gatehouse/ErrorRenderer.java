package dev.gatehouse;

/**
 * Renders the body of a refusal. Applications may replace the body; the status and the {@code
 * WWW-Authenticate} header are fixed by the {@link FailureReason} and never change.
 *
 * <pre>{@code
 * Guard guard = Guard.builder(verifier).renderer(ErrorRenderer.problemJson()).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe, must not throw, and must not echo the token.
 */
@FunctionalInterface
public interface ErrorRenderer {
  /** The body for {@code failure}. */
  ErrorBody render(AuthFailure failure);

  /** The default: {@code {"error":{"code":"invalid_token","message":"token expired"}}}. */
  static ErrorRenderer json() {
    return JsonBodies::error;
  }

  /**
   * RFC 9457 {@code application/problem+json}: {@code type} ({@code about:blank}), {@code title}
   * (the status phrase), {@code status}, {@code detail} (the message) and {@code code}.
   */
  static ErrorRenderer problemJson() {
    return JsonBodies::problem;
  }
}
