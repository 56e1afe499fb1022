package dev.gatehouse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The comparison form of an HTTP URI for a DPoP proof's {@code htu} (RFC 9449 §4.3 step 9): without
 * query and fragment, after syntax-based and scheme-based normalization (RFC 3986 §6.2.2, §6.2.3):
 * scheme and host in lower case, the default port dropped, an empty path as {@code /},
 * percent-encodings in upper case and unreserved characters decoded, dot segments removed.
 */
final class HttpUris {
  private HttpUris() {}

  /**
   * The comparison form of {@code value}, or null if it is not an absolute {@code http} or {@code
   * https} URI with a host and no user information.
   */
  static @Nullable String normalize(String value) {
    URI uri = parse(value);
    String origin = uri == null ? null : origin(uri);
    if (uri == null || origin == null) {
      return null;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String normalizedPath = percentEncodings(path);
    if (normalizedPath == null) {
      return null;
    }
    try {
      // Dot segments, after decoding: %2E%2E is ".." too (RFC 3986 §6.2.2.3).
      normalizedPath = new URI(null, null, normalizedPath, null).normalize().getRawPath();
    } catch (URISyntaxException e) {
      return null;
    }
    return origin + normalizedPath;
  }

  /** {@code value} as a URI, or null when it is not one. */
  static @Nullable URI parse(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * The normalised origin of an absolute {@code http} or {@code https} URI with a host and no user
   * information: scheme and host in lower case, the port unless it is the scheme's default; else
   * null.
   */
  static @Nullable String origin(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || uri.isOpaque() || uri.getRawUserInfo() != null) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -2;
    if (defaultPort == -2) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    out.append(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
    int port = uri.getPort();
    if (port >= 0 && port != defaultPort) {
      out.append(':').append(port);
    }
    return out.toString();
  }

  /**
   * {@code path} with percent-encodings of unreserved characters decoded and the others in upper
   * case, or null for a malformed encoding.
   */
  private static @Nullable String percentEncodings(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return null;
      }
      int high = Character.digit(path.charAt(i + 1), 16);
      int low = Character.digit(path.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      char decoded = (char) (high * 16 + low);
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%')
            .append(Character.toUpperCase(path.charAt(i + 1)))
            .append(Character.toUpperCase(path.charAt(i + 2)));
      }
      i += 2;
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
