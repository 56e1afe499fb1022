package dev.gatehouse;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads {@code max-age} from a {@code Cache-Control} header (RFC 9111 §5.2.2.1). */
final class CacheControl {
  private CacheControl() {}

  /** The {@code max-age}, or null when absent or malformed. */
  static @Nullable Duration maxAge(@Nullable String header) {
    if (header == null) {
      return null;
    }
    for (String directive : header.split(",", -1)) {
      String d = directive.trim().toLowerCase(Locale.ROOT);
      if (d.startsWith("max-age=")) {
        String value = d.substring("max-age=".length()).replace("\"", "");
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
          return null;
        }
        return Duration.ofSeconds(Long.parseLong(value));
      }
    }
    return null;
  }
}
