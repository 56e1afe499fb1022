package dev.gatehouse.servlet;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import dev.gatehouse.Guard;
import dev.gatehouse.Rejection;
import dev.gatehouse.Requirement;
import dev.gatehouse.Settings;
import dev.gatehouse.TokenVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A servlet filter that lets a request through only with a valid bearer token (RFC 6750), puts the
 * verified {@link Auth} at {@link Auth#REQUEST_ATTRIBUTE}, and makes it the request's user
 * principal; failures get a JSON body with the status and {@code WWW-Authenticate} challenge of RFC
 * 6750 §3.
 *
 * <p>Embedded:
 *
 * {@snippet :
 * context.addFilter(new FilterHolder(new RequireAuthFilter(verifier)), "/api/*", EnumSet.of(DispatcherType.REQUEST));
 * }
 *
 * <p>In {@code web.xml}, with the no-argument constructor and init-params ({@code issuer}, {@code
 * audience}, {@code jwks-uri}, ...; see the README's configuration table), read once in {@link
 * #init}.
 *
 * <p>Thread-safe once initialised; the container shares one instance across requests.
 */
public final class RequireAuthFilter implements Filter {
  private volatile @Nullable Guard guard;

  /** Whether this filter built its guard from init-params, and so owns its verifier. */
  private volatile boolean ownsGuard;

  /** For {@code web.xml} and {@code @WebFilter}: configured from init-params in {@link #init}. */
  public RequireAuthFilter() {}

  /** Requires a valid token from {@code verifier} on every request the filter sees. */
  public RequireAuthFilter(TokenVerifier verifier) {
    this(Guard.builder(Objects.requireNonNull(verifier, "verifier")).build());
  }

  /** Applies {@code guard}'s mode, rules and rendering. */
  public RequireAuthFilter(Guard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * Reads the init-params when the filter was created without a guard.
   *
   * @throws ServletException naming the missing or invalid init-param
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (guard != null) {
      return;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    Enumeration<String> names = config.getInitParameterNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      settings.put(name, config.getInitParameter(name));
    }
    try {
      guard = Settings.guard(settings);
      ownsGuard = true;
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ServletException(
          "RequireAuthFilter " + config.getFilterName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Guard current = guard;
    if (current == null) {
      throw new ServletException("RequireAuthFilter used before init()");
    }
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String method = request.getMethod();
    Guard.Decision decision =
        Guard.isCorsPreflight(
                method,
                request.getHeader("Origin"),
                request.getHeader("Access-Control-Request-Method"))
            ? current.check(Requirement.NONE, List.of())
            : current.check(
                method,
                pathInContext(request),
                authorization(request),
                current.acceptsQueryToken() ? AccessTokenParameters.query(request) : List.of(),
                current.acceptsFormToken() ? AccessTokenParameters.form(request) : List.of());
    Rejection rejection = decision.rejection();
    if (rejection != null) {
      write(response, rejection);
      return;
    }
    if (decision.failure() != null && current.mode() == Guard.Mode.ANNOTATE) {
      request.setAttribute(AuthFailure.REQUEST_ATTRIBUTE, decision.failure());
    }
    Auth auth = decision.auth();
    if (auth == null) {
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(Auth.REQUEST_ATTRIBUTE, auth);
    chain.doFilter(new AuthenticatedRequest(request, auth, current), response);
  }

  private static List<String> authorization(HttpServletRequest request) {
    Enumeration<String> values = request.getHeaders("Authorization");
    if (values == null || !values.hasMoreElements()) {
      return List.of();
    }
    String first = values.nextElement();
    if (!values.hasMoreElements()) {
      return List.of(first);
    }
    List<String> all = Collections.list(values);
    all.add(0, first);
    return all;
  }

  /** The decoded, normalised path inside the context: servlet path plus path info. */
  private static String pathInContext(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  static void write(HttpServletResponse response, Rejection rejection) throws IOException {
    response.resetBuffer();
    response.setStatus(rejection.status());
    rejection.headers().forEach(response::setHeader);
    response.setHeader("Cache-Control", "no-store");
    byte[] body = rejection.body().content().getBytes(StandardCharsets.UTF_8);
    // Written as given: the same string on every container and in the JAX-RS adapter.
    response.setContentType(rejection.body().contentType());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  /** Releases the key sources of a verifier this filter built from init-params. */
  @Override
  public void destroy() {
    Guard current = guard;
    if (ownsGuard && current != null) {
      current.verifier().close();
    }
  }
}
