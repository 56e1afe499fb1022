package dev.gatehouse.testkit;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Checks that a claim or header value serialises to JSON as written (RFC 8259 values). */
final class JsonValues {

  private JsonValues() {}

  static void check(String name, @Nullable Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return;
    }
    if (value instanceof Number number) {
      if (value instanceof Double || value instanceof Float) {
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new IllegalArgumentException(name + " must be a finite number: " + value);
        }
      }
      return;
    }
    if (value instanceof Collection<?> values) {
      values.forEach(element -> check(name, element));
      return;
    }
    if (value instanceof Map<?, ?> members) {
      members.forEach(
          (key, member) -> {
            if (!(key instanceof String)) {
              throw new IllegalArgumentException(name + " must have String keys: " + key);
            }
            check(name, member);
          });
      return;
    }
    throw new IllegalArgumentException(
        name
            + " must be a JSON value (String, Number, Boolean, List, Map or null): "
            + value.getClass().getName());
  }
}
