package dev.gatehouse;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Method and path pattern to a {@link Requirement}. Patterns follow servlet URL patterns: {@code
 * /exact}, {@code /prefix/*} (the prefix itself and everything below it), {@code *.ext}, and {@code
 * /*} for everything. Paths are matched inside the context path.
 *
 * <p>Immutable and thread-safe.
 *
 * @param method the HTTP method, or null for any
 * @param pattern the path pattern
 * @param requirement what matching requests need
 */
public record RouteRule(@Nullable String method, String pattern, Requirement requirement) {
  public RouteRule {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(requirement, "requirement");
    PathPattern.validate(pattern);
    method = method == null || method.equals("*") ? null : method.toUpperCase(Locale.ROOT);
  }

  /** A rule for any method. */
  public static RouteRule any(String pattern, Requirement requirement) {
    return new RouteRule(null, pattern, requirement);
  }

  /** Whether this rule applies to {@code method} and {@code path}. */
  public boolean matches(String method, String path) {
    return (this.method == null || this.method.equalsIgnoreCase(method))
        && PathPattern.matches(pattern, path);
  }
}
