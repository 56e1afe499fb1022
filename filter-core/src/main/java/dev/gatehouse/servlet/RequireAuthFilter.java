package dev.gatehouse.servlet;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import dev.gatehouse.Decision;
import dev.gatehouse.Endpoint;
import dev.gatehouse.Guard;
import dev.gatehouse.Rejection;
import dev.gatehouse.RequestView;
import dev.gatehouse.Settings;
import dev.gatehouse.TokenVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
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
 * <p>Embedded, mapped for every dispatcher type so that forwards, includes, error pages and async
 * dispatches to protected paths are judged too:
 *
 * {@snippet :
 * context.addFilter(new FilterHolder(new RequireAuthFilter(verifier)), "/api/*", EnumSet.allOf(DispatcherType.class));
 * }
 *
 * <p>In {@code web.xml}, with the no-argument constructor and init-params ({@code issuer}, {@code
 * audience}, {@code jwks-uri}, ...; see the README's configuration table), read once in {@link
 * #init}.
 *
 * <p>An {@link Endpoint} the guard mounts (the back-channel logout receiver) is answered here at
 * its exact path, before and never behind the bearer check: map the filter to cover that path.
 *
 * <p>Every decision is the core {@link Guard}'s; this class reads the request into a {@link
 * RequestView} (the included resource's path for an {@code INCLUDE}) and writes the answer.
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
      guard = Settings.guard(Settings.withContainerDefaults(settings));
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
    RequestView view = view(request);
    Endpoint endpoint = current.endpoint(view);
    if (endpoint != null) {
      write(response, endpoint.handle(view, request.getInputStream()));
      return;
    }
    Decision decision = current.decide(view);
    if (decision instanceof Decision.Refuse refuse) {
      write(response, refuse.rejection());
      return;
    }
    // Only what this decision produced is visible: a planted or stale value is replaced.
    Auth auth = decision.auth();
    request.setAttribute(Auth.REQUEST_ATTRIBUTE, auth);
    AuthFailure failure = current.mode() == Guard.Mode.ANNOTATE ? decision.failure() : null;
    request.setAttribute(AuthFailure.REQUEST_ATTRIBUTE, failure);
    if (auth != null) {
      chain.doFilter(new AuthenticatedRequest(request, auth, current), response);
    } else if (request instanceof ServletRequestWrapper wrapper
        && (wrapper instanceof AuthenticatedRequest
            || wrapper.isWrapperFor(AuthenticatedRequest.class))) {
      // A forward or include from an authenticated request to a path that needs no token.
      chain.doFilter(new AuthenticatedRequest(request, null, current), response);
    } else {
      chain.doFilter(request, response);
    }
  }

  private static RequestView view(HttpServletRequest request) {
    RequestView.Dispatch dispatch = dispatch(request.getDispatcherType());
    return RequestView.builder(request.getMethod(), pathInContext(request, dispatch))
        .dispatch(dispatch)
        .headers(name -> values(request.getHeaders(name)))
        .queryParameters(name -> AccessTokenParameters.query(request, name))
        .formParameters(name -> AccessTokenParameters.form(request, name))
        .requestUri(() -> request.getRequestURL().toString())
        .clientCertificates(
            () ->
                request.getAttribute("jakarta.servlet.request.X509Certificate")
                        instanceof java.security.cert.X509Certificate[] chain
                    ? chain
                    : null)
        .remoteAddress(request.getRemoteAddr())
        .build();
  }

  private static RequestView.Dispatch dispatch(DispatcherType type) {
    return switch (type) {
      case REQUEST -> RequestView.Dispatch.REQUEST;
      case FORWARD -> RequestView.Dispatch.FORWARD;
      case INCLUDE -> RequestView.Dispatch.INCLUDE;
      case ERROR -> RequestView.Dispatch.ERROR;
      case ASYNC -> RequestView.Dispatch.ASYNC;
    };
  }

  private static List<String> values(@Nullable Enumeration<String> values) {
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

  /**
   * The decoded, normalised path inside the context of the resource about to run: servlet path plus
   * path info; for an include, the included resource's (Servlet 6.0 §9.3.1), since the request's
   * own methods still describe the including request.
   */
  private static String pathInContext(HttpServletRequest request, RequestView.Dispatch dispatch) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    if (dispatch == RequestView.Dispatch.INCLUDE) {
      servletPath = attribute(request, RequestDispatcher.INCLUDE_SERVLET_PATH);
      pathInfo = attribute(request, RequestDispatcher.INCLUDE_PATH_INFO);
    }
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  private static @Nullable String attribute(HttpServletRequest request, String name) {
    return request.getAttribute(name) instanceof String value ? value : null;
  }

  static void write(HttpServletResponse response, Rejection rejection) throws IOException {
    // In an include the status and headers cannot change: the body still replaces the content.
    if (!response.isCommitted()) {
      response.resetBuffer();
    }
    response.setStatus(rejection.status());
    rejection.headers().forEach(response::setHeader);
    String content = rejection.body().content();
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    // Written as given: the same string on every container and in the JAX-RS adapter.
    response.setContentType(rejection.body().contentType());
    response.setContentLength(body.length);
    try {
      response.getOutputStream().write(body);
    } catch (IllegalStateException writerInUse) {
      // An including page (or an earlier filter) has already taken the writer.
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(content);
    }
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
