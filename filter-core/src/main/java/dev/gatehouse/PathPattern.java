package dev.gatehouse;

/** Servlet-style URL patterns (Jakarta Servlet 6.0 §12.2), matched against a decoded path. */
final class PathPattern {
  private PathPattern() {}

  static void validate(String pattern) {
    boolean ok =
        pattern.equals("/*")
            || pattern.equals("*")
            || (pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0)
            || (pattern.startsWith("/") && pattern.indexOf('*') < 0)
            || (pattern.startsWith("/")
                && pattern.endsWith("/*")
                && pattern.indexOf('*') == pattern.length() - 1);
    if (!ok) {
      throw new IllegalArgumentException(
          "path pattern must be /exact, /prefix/*, *.ext or /*: '" + pattern + "'");
    }
  }

  static boolean matches(String pattern, String path) {
    if (pattern.equals("/*") || pattern.equals("*")) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      return path.endsWith(pattern.substring(1));
    }
    if (pattern.endsWith("/*")) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
    return path.equals(pattern);
  }
}
