package dev.gatehouse;

import java.util.ArrayList;
import java.util.List;

/**
 * A request path as the container routes it: its decoded segments, without empty ones (so a
 * trailing or doubled slash never changes a match). A segment may hold a decoded {@code /} (from
 * {@code %2F}); it stays one segment, as the runtime routes it.
 *
 * @param segments the decoded, non-empty segments
 */
record RequestPath(List<String> segments) {
  static final RequestPath ROOT = new RequestPath(List.of());

  /**
   * The path of these decoded segments.
   *
   * @throws AuthException {@link FailureReason#MALFORMED_REQUEST} for a {@code .} or {@code ..}
   *     segment, which containers and runtimes resolve differently, or a control character
   */
  static RequestPath of(List<String> decoded) throws AuthException {
    boolean empty = false;
    for (String segment : decoded) {
      if (segment.isEmpty()) {
        empty = true;
        continue;
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw ambiguous();
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw ambiguous();
        }
      }
    }
    if (!empty) {
      // One copy at most: none when the list is already unmodifiable.
      return decoded.isEmpty() ? ROOT : new RequestPath(List.copyOf(decoded));
    }
    List<String> out = new ArrayList<>(decoded.size());
    for (String segment : decoded) {
      if (!segment.isEmpty()) {
        out.add(segment);
      }
    }
    return out.isEmpty() ? ROOT : new RequestPath(List.copyOf(out));
  }

  /** The path of a decoded path string such as a servlet path plus path info. */
  static List<String> split(String decodedPath) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= decodedPath.length(); i++) {
      if (i == decodedPath.length() || decodedPath.charAt(i) == '/') {
        if (i > start) {
          out.add(decodedPath.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  private static AuthException ambiguous() {
    return AuthFailure.of(FailureReason.MALFORMED_REQUEST, "ambiguous request path").exception();
  }

  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }
}
