package dev.gatehouse.jaxrs;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import dev.gatehouse.Guard;
import dev.gatehouse.Rejection;
import dev.gatehouse.Requirement;
import dev.gatehouse.Settings;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta REST filter that lets a request reach its resource only with a valid bearer token (RFC
 * 6750), refusing it with the same status, {@code WWW-Authenticate} challenge and body as the
 * servlet {@code RequireAuthFilter}, byte for byte. On success the {@link Auth} is the request's
 * {@link SecurityContext#getUserPrincipal() principal}, roles follow the guard's role mapping (so
 * {@code @RolesAllowed} works unchanged), and the {@code Auth} is the request property {@link
 * Auth#REQUEST_ATTRIBUTE}.
 *
 * <p>Registered on its own it protects every resource: {@code @PermitAll} (on the method, else on
 * the class) lets a request without a token through, though a token that is sent must be valid;
 * {@link RequireScopes} is checked right after authentication. From code:
 *
 * {@snippet :
 * resourceConfig.register(new BearerAuthFilter(Guard.builder(verifier).build()));
 * }
 *
 * <p>By class, or found by classpath scanning, it reads the settings of the README's configuration
 * table ({@code issuer}, {@code audience}, {@code jwks-uri}, ...) once, on the first request, from
 * the application's properties ({@link Application#getProperties()}, then the runtime's {@link
 * Configuration}); invalid settings are logged and every request is answered 500. {@link
 * GatehouseFeature} registers it per resource method instead, globally or name-bound.
 *
 * <p>Paths for the guard's {@code exclude-paths} and route rules are relative to the application's
 * base URI. A request that matches no resource is answered by the runtime (404) before this filter
 * runs.
 *
 * <p>Thread-safe; the runtime shares one instance across requests.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public final class BearerAuthFilter implements ContainerRequestFilter {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthFilter.class);

  @Context private @Nullable Configuration configuration;
  @Context private @Nullable Application application;
  @Context private @Nullable ResourceInfo resourceInfo;

  private final Object lock = new Object();
  private volatile @Nullable Guard guard;
  private volatile boolean misconfigured;

  /**
   * Fixed by {@link GatehouseFeature}, which also registers the scope check; null: read per
   * request.
   */
  private final @Nullable Access fixedAccess;

  private final Map<Method, Access> accessByMethod = new ConcurrentHashMap<>();

  /** For registration by class or scanning: configured from the application's properties. */
  public BearerAuthFilter() {
    this.fixedAccess = null;
  }

  /** Applies {@code guard}'s mode, rules and rendering to every resource. */
  public BearerAuthFilter(Guard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.fixedAccess = null;
  }

  /** For one resource method whose annotations {@link GatehouseFeature} has already read. */
  BearerAuthFilter(Guard guard, Access access) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.fixedAccess = Objects.requireNonNull(access, "access");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Guard current = guard();
    if (current == null) {
      request.abortWith(Refusal.misconfigured());
      return;
    }
    if (isCorsPreflight(request)) {
      return;
    }
    Access access = fixedAccess != null ? fixedAccess : access();
    Requirement route = current.requirementFor(request.getMethod(), path(request.getUriInfo()));
    // exclude-paths skip authentication, as in the servlet filter.
    if (route.authenticates()
        && !apply(current, authenticate(current, route, access, request), request)) {
      return;
    }
    if (fixedAccess == null && access.checksScopes()) {
      ScopeFilter.check(current, access.scopes(), request);
    }
  }

  private static Guard.Decision authenticate(
      Guard guard, Requirement route, Access access, ContainerRequestContext request) {
    if (!access.permitAll()) {
      return guard.check(route, authorization(request));
    }
    // @PermitAll: no token is fine, but a token that is sent must be valid; route scopes do not
    // apply.
    return guard.check(Requirement.OPTIONAL, authorization(request));
  }

  /**
   * Carries out {@code decision}: aborts with the refusal, or records the failure (annotate mode)
   * and installs the {@link Auth}. Returns whether the request goes on.
   */
  static boolean apply(Guard guard, Guard.Decision decision, ContainerRequestContext request) {
    Rejection rejection = decision.rejection();
    if (rejection != null) {
      request.abortWith(Refusal.of(rejection));
      return false;
    }
    AuthFailure failure = decision.failure();
    if (failure != null && guard.mode() == Guard.Mode.ANNOTATE) {
      request.setProperty(AuthFailure.REQUEST_ATTRIBUTE, failure);
    }
    Auth auth = decision.auth();
    if (auth != null && request.getProperty(Auth.REQUEST_ATTRIBUTE) != auth) {
      SecurityContext original = request.getSecurityContext();
      boolean secure =
          original != null
              ? original.isSecure()
              : "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme());
      request.setProperty(Auth.REQUEST_ATTRIBUTE, auth);
      request.setSecurityContext(new BearerSecurityContext(auth, guard, secure));
    }
    return true;
  }

  /** Every {@code Authorization} header value, one per header line (RFC 6750 §2.1 allows one). */
  static List<String> authorization(ContainerRequestContext request) {
    List<String> values = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    return values == null ? List.of() : values;
  }

  /** Fetch standard §4.8: preflights carry no credentials and pass unauthenticated. */
  static boolean isCorsPreflight(ContainerRequestContext request) {
    return Guard.isCorsPreflight(
        request.getMethod(),
        request.getHeaderString("Origin"),
        request.getHeaderString("Access-Control-Request-Method"));
  }

  /** The decoded path below the base URI, without matrix parameters, starting with {@code /}. */
  static String path(UriInfo uri) {
    StringBuilder path = new StringBuilder();
    for (PathSegment segment : uri.getPathSegments()) {
      if (path.length() > 0 || !segment.getPath().isEmpty()) {
        path.append('/').append(segment.getPath());
      }
    }
    return path.length() == 0 ? "/" : path.toString();
  }

  private Access access() {
    ResourceInfo info = resourceInfo;
    Method method = info == null ? null : info.getResourceMethod();
    if (info == null || method == null) {
      return Access.DEFAULT;
    }
    Class<?> type = info.getResourceClass();
    return accessByMethod.computeIfAbsent(method, m -> Access.of(m, type));
  }

  private @Nullable Guard guard() {
    Guard current = guard;
    if (current != null || misconfigured) {
      return current;
    }
    synchronized (lock) {
      if (guard == null && !misconfigured) {
        try {
          guard = Settings.guard(PropertySettings.read(application, configuration));
        } catch (IllegalArgumentException | IllegalStateException e) {
          misconfigured = true;
          LOG.error(
              "BearerAuthFilter is misconfigured; every request gets 500: {}", e.getMessage());
        }
      }
      return guard;
    }
  }
}
