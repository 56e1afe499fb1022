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
 * everything. A trailing slash never matters ({@code /api/audit} matches {@code /api/audit/}, which
 * JAX-RS runtimes serve as the same resource). A bare {@code *.ext} is refused: it would match
 * every dynamic resource whose last segment ends that way ({@code /api/orders/42.css}).
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
   * Parses {@code pattern}.
   *
   * @throws IllegalArgumentException saying why the pattern is refused
   */
  static PathPattern parse(String pattern) {
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

  /** Whether every path {@code other} matches is matched by this pattern too. */
  /** Whether this pattern matches one path only (and that path with a trailing slash). */
  boolean isExact() {
    return kind == Kind.EXACT;
  }

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
        return other.kind == Kind.EXACT && other.segments.equals(segments);
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
        return actual.equals(segments);
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

  private static boolean startsWith(List<String> actual, List<String> prefix) {
    return actual.size() >= prefix.size() && actual.subList(0, prefix.size()).equals(prefix);
  }

  @Override
  public String toString() {
    return source;
  }
}
