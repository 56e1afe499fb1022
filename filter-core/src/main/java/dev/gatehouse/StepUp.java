package dev.gatehouse;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The step-up checks of RFC 9470 §3 on a verified token: its {@code acr} one of the accepted
 * values, its {@code auth_time} (OpenID Connect Core §2, a NumericDate) no older than {@code
 * max_age}. A missing or mistyped claim fails the check that needs it. Messages say which check
 * failed, never a claim value.
 */
final class StepUp {
  private StepUp() {}

  /** Why {@code auth} does not meet {@code requirement}'s step-up, or null when it does. */
  static @Nullable AuthFailure check(Auth auth, Requirement requirement, Instant now) {
    if (!requirement.acrValues().isEmpty()
        && !(auth.claims().get("acr") instanceof String acr
            && requirement.acrValues().contains(acr))) {
      return AuthFailure.of(
          FailureReason.INSUFFICIENT_USER_AUTHENTICATION,
          "authentication context (acr) not accepted here");
    }
    Duration maxAge = requirement.maxAge();
    if (maxAge != null) {
      Object value = auth.claims().get("auth_time");
      Long authTime =
          value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.longValue() : null;
      if (authTime == null) {
        return AuthFailure.of(
            FailureReason.INSUFFICIENT_USER_AUTHENTICATION,
            "authentication time (auth_time) is missing and max_age is required");
      }
      // A NumericDate beyond any real date is clamped; a future one counts as now.
      long age = now.getEpochSecond() - Math.min(authTime, now.getEpochSecond());
      if (age > maxAge.toSeconds()) {
        return AuthFailure.of(
            FailureReason.INSUFFICIENT_USER_AUTHENTICATION, "authentication is older than max_age");
      }
    }
    return null;
  }
}
