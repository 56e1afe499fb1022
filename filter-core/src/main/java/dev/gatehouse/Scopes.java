package dev.gatehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Scope-token syntax (RFC 6749 §3.3) and the list form settings use. */
final class Scopes {
  private Scopes() {}

  /** {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
  static String requireScopeToken(String scope) {
    Objects.requireNonNull(scope, "scope");
    boolean ok = !scope.isEmpty();
    for (int i = 0; ok && i < scope.length(); i++) {
      char c = scope.charAt(i);
      ok = c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "not a valid scope token (RFC 6749 §3.3): '" + scope + "'");
    }
    return scope;
  }

  /**
   * Scopes written as a space-separated string or an array of strings (elements that are not
   * strings skipped); empty for anything else.
   */
  static java.util.Set<String> parse(@Nullable Object value) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (value instanceof String words) {
      for (String word : words.split(" ", -1)) {
        if (!word.isEmpty()) {
          out.add(word);
        }
      }
    } else if (value instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof String word && !word.isEmpty()) {
          out.add(word);
        }
      }
    }
    return out;
  }

  /** Splits a space- or comma-separated list, dropping empty items. */
  static List<String> split(@Nullable String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String item : value.split("[\\s,]+", -1)) {
      if (!item.isEmpty()) {
        out.add(item);
      }
    }
    return out;
  }
}
