package dev.gatehouse.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code access_token} parameters for the RFC 6750 §2.2 and §2.3 opt-ins. The query is parsed
 * from the raw query string, so a form body is read only when form tokens are enabled.
 */
final class AccessTokenParameters {
  private static final String NAME = "access_token";

  private AccessTokenParameters() {}

  static List<String> query(HttpServletRequest request) {
    String query = request.getQueryString();
    List<String> values = new ArrayList<>();
    if (query == null) {
      return values;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(name).equals(NAME)) {
        values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return values;
  }

  /** RFC 6750 §2.2: a single-part form body, with a method that has body semantics. */
  static List<String> form(HttpServletRequest request) {
    String type = request.getContentType();
    boolean form =
        type != null
            && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
            && !"GET".equals(request.getMethod());
    if (!form) {
      return List.of();
    }
    String[] all = request.getParameterValues(NAME);
    List<String> values = new ArrayList<>(all == null ? List.of() : Arrays.asList(all));
    // The container merges query and body parameters: what is not in the query came from the body.
    for (String fromQuery : query(request)) {
      values.remove(fromQuery);
    }
    return values;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
