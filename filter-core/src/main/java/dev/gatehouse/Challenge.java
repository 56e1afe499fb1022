package dev.gatehouse;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the {@code WWW-Authenticate} challenges: {@code Bearer} (RFC 6750 §3), {@code DPoP} (RFC
 * 9449 §7.1). Parameter values are RFC 9110 §5.6.4 quoted-strings with {@code "} and {@code \}
 * escaped; {@code error_description} is reduced to the characters RFC 6750 §3 allows ({@code
 * %x20-21 / %x23-5B / %x5D-7E}).
 */
final class Challenge {
  private Challenge() {}

  /**
   * The schemes a guard's challenges name: {@code Bearer} unless every issuer requires DPoP, and
   * {@code DPoP} with its {@code algs} (RFC 9449 §7.1) when an issuer accepts it.
   *
   * @param bearer whether Bearer tokens are accepted
   * @param dpopAlgs the space-separated proof algorithms, or null when DPoP is off
   */
  record Schemes(boolean bearer, @Nullable String dpopAlgs) {
    static final Schemes BEARER = new Schemes(true, null);
  }

  /** {@link #of(AuthFailure, String, Requirement, String, Schemes, boolean)} for Bearer alone. */
  static @Nullable String of(
      AuthFailure failure,
      @Nullable String realm,
      Requirement requirement,
      @Nullable String resourceMetadata) {
    return of(failure, realm, requirement, resourceMetadata, Schemes.BEARER, false);
  }

  /**
   * The challenge for {@code failure}, or null for failures that carry none (503, and 403 for a
   * role or a denial): the scopes {@code requirement} names on every 401 and on {@code
   * insufficient_scope} (MCP asks a server to list them all in one challenge), {@code acr_values}
   * and {@code max_age} on {@code insufficient_user_authentication} (RFC 9470 §3), and {@code
   * resource_metadata} (RFC 9728 §5.1) when the resource has metadata. With DPoP on, a {@code DPoP}
   * challenge follows (or replaces) the {@code Bearer} one, and the error stands on the challenge
   * of the scheme the request used (a DPoP proof's errors always on {@code DPoP}).
   */
  static @Nullable String of(
      AuthFailure failure,
      @Nullable String realm,
      Requirement requirement,
      @Nullable String resourceMetadata,
      Schemes schemes,
      boolean dpopRequest) {
    FailureReason reason = failure.reason();
    if (reason.status() == 503 || reason == FailureReason.FORBIDDEN) {
      return null;
    }
    boolean dpop = schemes.dpopAlgs() != null;
    boolean dpopError =
        dpop
            && (dpopRequest
                || !schemes.bearer()
                || reason == FailureReason.INVALID_DPOP_PROOF
                || reason == FailureReason.USE_DPOP_NONCE);
    StringBuilder out = new StringBuilder();
    // A request that used DPoP is answered in DPoP alone (RFC 9449 §7.1).
    if (!dpop || (schemes.bearer() && !dpopRequest)) {
      one(out, "Bearer", failure, realm, requirement, resourceMetadata, !dpopError, null);
    }
    if (dpop) {
      if (out.length() > 0) {
        out.append(", ");
      }
      one(
          out,
          "DPoP",
          failure,
          realm,
          requirement,
          resourceMetadata,
          dpopError,
          schemes.dpopAlgs());
    }
    return out.toString();
  }

  private static void one(
      StringBuilder out,
      String scheme,
      AuthFailure failure,
      @Nullable String realm,
      Requirement requirement,
      @Nullable String resourceMetadata,
      boolean withError,
      @Nullable String algs) {
    FailureReason reason = failure.reason();
    out.append(scheme);
    String separator = " ";
    if (realm != null) {
      separator = parameter(out, separator, "realm", realm);
    }
    // RFC 6750 §3.1: a request without credentials gets no error code.
    if (withError && reason.isChallengeCode()) {
      separator = parameter(out, separator, "error", reason.code());
      separator = parameter(out, separator, "error_description", describe(failure.message()));
    }
    if (algs != null) {
      separator = parameter(out, separator, "algs", algs);
    }
    Set<String> scopes = requirement.scopes();
    if (!scopes.isEmpty()
        && (reason.status() == 401 || reason == FailureReason.INSUFFICIENT_SCOPE)) {
      separator = parameter(out, separator, "scope", String.join(" ", scopes));
    }
    if (withError && reason == FailureReason.INSUFFICIENT_USER_AUTHENTICATION) {
      if (!requirement.acrValues().isEmpty()) {
        separator =
            parameter(out, separator, "acr_values", String.join(" ", requirement.acrValues()));
      }
      if (requirement.maxAge() != null) {
        separator =
            parameter(out, separator, "max_age", Long.toString(requirement.maxAge().toSeconds()));
      }
    }
    if (resourceMetadata != null) {
      parameter(out, separator, "resource_metadata", resourceMetadata);
    }
  }

  private static String parameter(StringBuilder out, String separator, String name, String value) {
    out.append(separator).append(name).append('=');
    quote(out, value);
    return ", ";
  }

  private static void quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      // Control characters and non-ASCII never reach a header: no response splitting.
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    out.append('"');
  }

  /** RFC 6750 §3: {@code error_description} may not contain {@code "} or {@code \}. */
  static String describe(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      boolean allowed = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
      out.append(allowed ? c : c == '"' ? '\'' : '?');
    }
    return out.toString();
  }
}
