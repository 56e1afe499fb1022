package dev.gatehouse;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the {@code WWW-Authenticate: Bearer} challenge (RFC 6750 §3). Parameter values are RFC
 * 9110 §5.6.4 quoted-strings with {@code "} and {@code \} escaped; {@code error_description} is
 * reduced to the characters RFC 6750 §3 allows ({@code %x20-21 / %x23-5B / %x5D-7E}).
 */
final class Challenge {
  private Challenge() {}

  /**
   * The challenge for {@code failure}, or null for failures that carry none (503, and 403 for a
   * role or a denial): the scopes {@code requirement} names on every 401 and on {@code
   * insufficient_scope} (MCP asks a server to list them all in one challenge), {@code acr_values}
   * and {@code max_age} on {@code insufficient_user_authentication} (RFC 9470 §3), and {@code
   * resource_metadata} (RFC 9728 §5.1) when the resource has metadata.
   */
  static @Nullable String of(
      AuthFailure failure,
      @Nullable String realm,
      Requirement requirement,
      @Nullable String resourceMetadata) {
    FailureReason reason = failure.reason();
    if (reason.status() == 503 || reason == FailureReason.FORBIDDEN) {
      return null;
    }
    StringBuilder out = new StringBuilder("Bearer");
    String separator = " ";
    if (realm != null) {
      out.append(separator).append("realm=");
      quote(out, realm);
      separator = ", ";
    }
    // RFC 6750 §3.1: a request without credentials gets no error code.
    if (reason.isChallengeCode()) {
      out.append(separator).append("error=");
      quote(out, reason.code());
      out.append(", error_description=");
      quote(out, describe(failure.message()));
      separator = ", ";
    }
    Set<String> scopes = requirement.scopes();
    if (!scopes.isEmpty()
        && (reason.status() == 401 || reason == FailureReason.INSUFFICIENT_SCOPE)) {
      separator = parameter(out, separator, "scope", String.join(" ", scopes));
    }
    if (reason == FailureReason.INSUFFICIENT_USER_AUTHENTICATION) {
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
    return out.toString();
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
