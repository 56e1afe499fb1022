package dev.gatehouse;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Method and path pattern to a {@link Requirement}. Patterns: {@code /exact}, {@code /prefix/*}
 * (the prefix itself and everything below it), {@code /prefix/*.ext}, and {@code /*} for
 * everything, matched segment by segment inside the context path, a trailing slash ignored. A whole
 * segment may be a path variable, {@code {name}}, matching any one segment and binding it for
 * {@link Requirement#inOrganization}. A rule for {@code GET} covers {@code HEAD} (RFC 9110 §9.3.2).
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
    PathPattern.parseWithVariables(pattern);
    method = method == null || method.equals("*") ? null : method.toUpperCase(Locale.ROOT);
    if (method != null && !HttpMethods.isToken(method)) {
      throw new IllegalArgumentException("rule method must be a method token: '" + method + "'");
    }
  }

  /** A rule for any method. */
  public static RouteRule any(String pattern, Requirement requirement) {
    return new RouteRule(null, pattern, requirement);
  }

  /** Whether this rule applies to {@code method} and the decoded {@code path}. */
  public boolean matches(String method, String path) {
    try {
      return compile()
          .matches(method.toUpperCase(Locale.ROOT), RequestPath.of(RequestPath.split(path)));
    } catch (AuthException e) {
      return false;
    }
  }

  /** This rule with its pattern parsed, as the guard keeps it. */
  Compiled compile() {
    return new Compiled(this, PathPattern.parseWithVariables(pattern));
  }

  /** A rule and its parsed pattern: the one place a rule is matched. */
  record Compiled(RouteRule rule, PathPattern pattern) {
    boolean matches(String requestMethod, RequestPath path) {
      String method = rule.method();
      return (method == null || HttpMethods.covers(method, requestMethod)) && pattern.matches(path);
    }
  }
}
