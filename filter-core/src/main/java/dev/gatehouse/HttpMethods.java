package dev.gatehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a request's method means for the rules: the CORS preflight, {@code HEAD} as {@code GET}, and
 * the method override mechanisms an application may run behind the filter.
 */
final class HttpMethods {
  /** Headers that frameworks read to run another method than the one on the wire. */
  private static final List<String> OVERRIDE_HEADERS =
      List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

  /** The query or form parameter of Jersey's {@code HttpMethodOverrideFilter} and Spring's. */
  private static final String OVERRIDE_PARAMETER = "_method";

  private HttpMethods() {}

  /**
   * Fetch standard §4.8: an {@code OPTIONS} request from a client with one non-empty {@code Origin}
   * and one {@code Access-Control-Request-Method} that is a method token. Preflights carry no
   * credentials.
   */
  static boolean isCorsPreflight(RequestView view) {
    if (view.dispatch != RequestView.Dispatch.REQUEST || !"OPTIONS".equals(view.method)) {
      return false;
    }
    String origin = view.singleHeader("Origin");
    String requested = view.singleHeader("Access-Control-Request-Method");
    return origin != null && !origin.isBlank() && requested != null && isToken(requested.strip());
  }

  /**
   * Every method the request may run as: the wire method and each override the application could
   * honour; all of them must pass the rules.
   *
   * @throws AuthException {@link FailureReason#MALFORMED_REQUEST} for an override that is not a
   *     method token
   */
  static List<String> effective(RequestView view) throws AuthException {
    List<String> methods = null;
    for (String header : OVERRIDE_HEADERS) {
      methods = add(methods, view, view.header(header));
    }
    // Parameters override only POST, in every framework that reads them.
    if ("POST".equals(view.method)) {
      methods = add(methods, view, view.query.apply(OVERRIDE_PARAMETER));
      methods = add(methods, view, view.form.apply(OVERRIDE_PARAMETER));
    }
    return methods == null ? List.of(view.method) : methods;
  }

  /** {@code methods} (created, with the wire method first, on the first override) plus these. */
  private static @Nullable List<String> add(
      @Nullable List<String> methods, RequestView view, @Nullable List<String> overrides)
      throws AuthException {
    if (overrides == null || overrides.isEmpty()) {
      return methods;
    }
    List<String> out = methods;
    if (out == null) {
      out = new ArrayList<>(overrides.size() + 1);
      out.add(view.method);
    }
    for (String value : overrides) {
      String method = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
      if (!isToken(method)) {
        throw AuthFailure.of(FailureReason.MALFORMED_REQUEST, "malformed method override")
            .exception();
      }
      if (!out.contains(method)) {
        out.add(method);
      }
    }
    return out;
  }

  /** Whether a rule for {@code ruleMethod} covers {@code method}: RFC 9110 §9.3.2, HEAD is GET. */
  static boolean covers(String ruleMethod, String method) {
    return ruleMethod.equals(method) || ("GET".equals(ruleMethod) && "HEAD".equals(method));
  }

  /** RFC 9110 §5.6.2 {@code token}. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
