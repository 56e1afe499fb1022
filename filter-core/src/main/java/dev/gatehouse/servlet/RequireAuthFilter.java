package dev.gatehouse.servlet;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import dev.gatehouse.Decision;
import dev.gatehouse.Endpoint;
import dev.gatehouse.Guard;
import dev.gatehouse.RequestView;
import dev.gatehouse.Settings;
import dev.gatehouse.TokenVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter that lets a request through only with a valid bearer token (RFC 6750), puts the
 * verified {@link Auth} at {@link Auth#REQUEST_ATTRIBUTE}, and makes it the request's user
 * principal; failures get a JSON body with the status and {@code WWW-Authenticate} challenge of RFC
 * 6750 §3.
 *
 * <p>Embedded, mapped for every dispatcher type so that forwards, includes, error pages and async
 * dispatches to protected paths are judged too:
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new RequireAuthFilter(verifier)), "/api/*", EnumSet.allOf(DispatcherType.class));
 * }</pre>
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
  private static final Logger LOG = LoggerFactory.getLogger(RequireAuthFilter.class);

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
      Guard built = Settings.guard(Settings.withContainerDefaults(settings));
      guard = built;
      ownsGuard = true;
      LOG.info("RequireAuthFilter {}: {}", config.getFilterName(), built.summary());
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
    RequestView view = ServletViews.of(request);
    Endpoint endpoint = current.endpoint(view);
    if (endpoint != null) {
      ServletViews.write(response, endpoint.handle(view, request.getInputStream()));
      return;
    }
    Decision decision = current.decide(view);
    if (decision instanceof Decision.Refuse refuse) {
      ServletViews.write(response, refuse.rejection());
      return;
    }
    // Only what this decision produced is visible: a planted or stale value is replaced.
    Auth auth = decision.auth();
    request.setAttribute(Auth.REQUEST_ATTRIBUTE, auth);
    AuthFailure failure = current.mode() == Guard.Mode.ANNOTATE ? decision.failure() : null;
    request.setAttribute(AuthFailure.REQUEST_ATTRIBUTE, failure);
    if (auth != null) {
      ServletViews.acceptedProof(request);
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

  /** Releases the key sources of a verifier this filter built from init-params. */
  @Override
  public void destroy() {
    Guard current = guard;
    if (ownsGuard && current != null) {
      current.verifier().close();
    }
  }
}
