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
   * role or a denial).
   */
  static @Nullable String of(AuthFailure failure, @Nullable String realm, Set<String> scopes) {
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
    if (!reason.isChallengeCode()) {
      return out.toString();
    }
    out.append(separator).append("error=");
    quote(out, reason.code());
    out.append(", error_description=");
    quote(out, describe(failure.message()));
    if (reason == FailureReason.INSUFFICIENT_SCOPE && !scopes.isEmpty()) {
      out.append(", scope=");
      quote(out, String.join(" ", scopes));
    }
    return out.toString();
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
