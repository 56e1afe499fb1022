package dev.gatehouse.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads request parameters for the core (RFC 6750 §2.2 and §2.3 token opt-ins, {@code _method}).
 * The query is parsed from the raw query string, so a form body is read only when form tokens are
 * enabled.
 */
final class AccessTokenParameters {
  private AccessTokenParameters() {}

  static List<String> query(HttpServletRequest request, String name) {
    String query = request.getQueryString();
    List<String> values = new ArrayList<>();
    if (query == null) {
      return values;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(key).equals(name)) {
        values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return values;
  }

  /**
   * Parameters of a single-part form body (RFC 6750 §2.2), with a method that has body semantics.
   */
  static List<String> form(HttpServletRequest request, String name) {
    String type = request.getContentType();
    boolean form =
        type != null
            && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
            && !"GET".equals(request.getMethod());
    if (!form) {
      return List.of();
    }
    String[] all = request.getParameterValues(name);
    List<String> values = new ArrayList<>(all == null ? List.of() : Arrays.asList(all));
    // The container merges query and body parameters: what is not in the query came from the body.
    for (String fromQuery : query(request, name)) {
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
