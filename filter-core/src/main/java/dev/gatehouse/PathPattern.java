package dev.gatehouse;

import java.util.ArrayList;
import java.util.List;

/**
 * The one path matcher: servlet-style URL patterns (Jakarta Servlet 6.0 §12.2), matched segment by
 * segment against the path as the container routes it, so that an encoded slash inside a segment
 * can never make a pattern match a path the runtime dispatches elsewhere.
 *
 * <p>Forms: {@code /exact}, {@code /prefix/*} (the prefix itself and everything below it), {@code
 * /prefix/*.ext} (below the prefix, a last segment ending in {@code .ext}), and {@code /*} for
 * everything. In a route rule a whole segment may be a path variable, {@code {name}}, which matches
 * any one segment and binds its decoded value ({@code /orgs/{org}/projects/*}). A trailing slash
 * never matters ({@code /api/audit} matches {@code /api/audit/}, which JAX-RS runtimes serve as the
 * same resource). A bare {@code *.ext} is refused: it would match every dynamic resource whose last
 * segment ends that way ({@code /api/orders/42.css}).
 *
 * <p>Immutable and thread-safe.
 */
final class PathPattern {
  private enum Kind {
    EXACT,
    PREFIX,
    EXTENSION,
    ALL
  }

  private final String source;
  private final Kind kind;
  private final List<String> segments;
  private final String extension;

  private PathPattern(String source, Kind kind, List<String> segments, String extension) {
    this.source = source;
    this.kind = kind;
    this.segments = segments;
    this.extension = extension;
  }

  /**
   * Parses {@code pattern}, which may not hold path variables.
   *
   * @throws IllegalArgumentException saying why the pattern is refused
   */
  static PathPattern parse(String pattern) {
    PathPattern parsed = parseWithVariables(pattern);
    if (parsed.hasVariables()) {
      throw invalid(pattern, "path variables ({name}) may stand only in route rules");
    }
    return parsed;
  }

  /** Whether {@code name} may name a path variable: letters, digits, {@code _} and {@code -}. */
  static boolean isVariableName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVariable(String segment) {
    return segment.length() > 2 && segment.charAt(0) == '{' && segment.endsWith("}");
  }

  /** Whether a segment of this pattern is a path variable. */
  boolean hasVariables() {
    return !variableNames().isEmpty();
  }

  /** The names of this pattern's path variables, in order. */
  java.util.Set<String> variableNames() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String segment : segments) {
      if (isVariable(segment)) {
        out.add(segment.substring(1, segment.length() - 1));
      }
    }
    return out;
  }

  /**
   * Parses a route rule's {@code pattern}, where whole segments may be path variables.
   *
   * @throws IllegalArgumentException saying why the pattern is refused
   */
  static PathPattern parseWithVariables(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw invalid(pattern, "it contains whitespace or a control character");
      }
    }
    if (pattern.startsWith("*.")) {
      throw invalid(
          pattern,
          "an extension pattern matches dynamic resources anywhere (/api/orders/42"
              + pattern.substring(1)
              + "); put it under a prefix, e.g. /assets/"
              + pattern);
    }
    if (!pattern.startsWith("/")) {
      throw invalid(pattern, "it must start with /");
    }
    if (pattern.equals("/*")) {
      return new PathPattern(pattern, Kind.ALL, List.of(), "");
    }
    List<String> parts = split(pattern.substring(1), pattern);
    String last = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
    List<String> prefix = parts.isEmpty() ? parts : parts.subList(0, parts.size() - 1);
    for (String part : prefix) {
      if (part.indexOf('*') >= 0) {
        throw invalid(pattern, "* may stand only in the last segment");
      }
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (String part : parts) {
      boolean braces = part.indexOf('{') >= 0 || part.indexOf('}') >= 0;
      if (!braces) {
        continue;
      }
      String name = isVariable(part) ? part.substring(1, part.length() - 1) : "";
      if (!isVariableName(name)) {
        throw invalid(pattern, "a path variable is a whole segment {name}, name of [A-Za-z0-9_-]");
      }
      if (!names.add(name)) {
        throw invalid(pattern, "path variable {" + name + "} stands twice");
      }
    }
    if (last.equals("*")) {
      return new PathPattern(pattern, Kind.PREFIX, List.copyOf(prefix), "");
    }
    if (last.startsWith("*.") && last.length() > 2 && last.indexOf('*', 1) < 0) {
      return new PathPattern(pattern, Kind.EXTENSION, List.copyOf(prefix), last.substring(1));
    }
    if (last.indexOf('*') >= 0) {
      throw invalid(pattern, "the last segment may be *, *.ext or a name without *");
    }
    return new PathPattern(pattern, Kind.EXACT, List.copyOf(parts), "");
  }

  private static List<String> split(String rest, String pattern) {
    List<String> parts = new ArrayList<>();
    if (rest.isEmpty()) {
      return parts;
    }
    String[] items = rest.split("/", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i];
      boolean trailing = i == items.length - 1 && item.isEmpty();
      if (trailing) {
        continue;
      }
      if (item.isEmpty() || item.equals(".") || item.equals("..")) {
        throw invalid(pattern, "it has an empty, . or .. segment");
      }
      parts.add(item);
    }
    return parts;
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException(
        "path pattern '"
            + pattern
            + "' is refused: "
            + why
            + " (forms: /exact, /prefix/*,"
            + " /prefix/*.ext, /*)");
  }

  /** Whether this pattern is {@code /*}: every path. */
  boolean matchesEverything() {
    return kind == Kind.ALL;
  }

  /** Whether this pattern matches one path only (and that path with a trailing slash). */
  boolean isExact() {
    return kind == Kind.EXACT;
  }

  /** Whether every path {@code other} matches is matched by this pattern too. */
  boolean covers(PathPattern other) {
    switch (kind) {
      case ALL:
        return true;
      case PREFIX:
        return other.kind != Kind.ALL && startsWith(other.segments, segments);
      case EXTENSION:
        return (other.kind == Kind.EXTENSION
                && other.extension.endsWith(extension)
                && startsWith(other.segments, segments))
            || (other.kind == Kind.EXACT
                && other.segments.size() > segments.size()
                && matches(new RequestPath(other.segments)));
      case EXACT:
        return other.kind == Kind.EXACT
            && other.segments.size() == segments.size()
            && startsWith(other.segments, segments);
      default:
        throw new AssertionError(kind);
    }
  }

  /** Whether the request path {@code path} matches. */
  boolean matches(RequestPath path) {
    List<String> actual = path.segments();
    switch (kind) {
      case ALL:
        return true;
      case EXACT:
        return actual.size() == segments.size() && startsWith(actual, segments);
      case PREFIX:
        return startsWith(actual, segments);
      case EXTENSION:
        return actual.size() > segments.size()
            && startsWith(actual, segments)
            && actual.get(actual.size() - 1).endsWith(extension)
            && actual.get(actual.size() - 1).length() > extension.length();
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * Whether {@code actual} begins with {@code prefix}, a variable segment of the prefix matching
   * any one segment (a variable in {@code actual}, itself a pattern, only a variable).
   */
  private static boolean startsWith(List<String> actual, List<String> prefix) {
    if (actual.size() < prefix.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      String expected = prefix.get(i);
      if (!(isVariable(expected) || expected.equals(actual.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The path variables of a path this pattern {@link #matches}: name to the decoded segment; empty
   * when the pattern has none.
   */
  java.util.Map<String, String> variables(RequestPath path) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    List<String> actual = path.segments();
    for (int i = 0; i < segments.size() && i < actual.size(); i++) {
      String segment = segments.get(i);
      if (isVariable(segment)) {
        out.put(segment.substring(1, segment.length() - 1), actual.get(i));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return source;
  }
}
