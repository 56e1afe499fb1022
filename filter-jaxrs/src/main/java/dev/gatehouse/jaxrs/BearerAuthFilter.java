package dev.gatehouse.jaxrs;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import dev.gatehouse.Decision;
import dev.gatehouse.Guard;
import dev.gatehouse.RequestView;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.ArrayList;
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
 * <p>Registered on its own it protects every resource. It enforces the resource's annotations
 * itself, whatever the runtime's own switches say: {@link RequireScopes}, {@link RequireAuth},
 * {@code @RolesAllowed}, {@code @DenyAll} and {@code @PermitAll} (which lets a request without a
 * token through, though a token that is sent must be valid), read along the whole matched chain of
 * sub-resource locators with the precedence of {@code Declarations}, as documented in the README.
 * Every decision is the core {@link Guard}'s. From code:
 *
 * <pre>{@code
 * resourceConfig.register(new BearerAuthFilter(Guard.builder(verifier).build()));
 * }</pre>
 *
 * <p>By class, or found by classpath scanning, it reads the settings of the README's configuration
 * table under the prefix {@code gatehouse.} ({@code gatehouse.issuer}, {@code gatehouse.audience},
 * ...) from the runtime's {@link Configuration} when the application starts (as a {@link Feature}),
 * so a missing, unknown or invalid setting fails the start, naming it; a runtime that does not
 * configure features reads them, with {@link Application#getProperties()}, on the first request,
 * and then answers every request 500 if they are invalid. {@link GatehouseFeature} registers it per
 * resource method instead, globally or name-bound.
 *
 * <p>Paths for the guard's {@code exclude-paths} and route rules are relative to the application's
 * base URI. A request that matches no resource is answered by the runtime (404) before this filter
 * runs.
 *
 * <p>Thread-safe; the runtime shares one instance across requests.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public final class BearerAuthFilter implements ContainerRequestFilter, Feature {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthFilter.class);

  /** The configuration property under which the configured instance shares its guard. */
  static final String GUARD_PROPERTY = "dev.gatehouse.jaxrs.guard";

  @Context private @Nullable Configuration configuration;
  @Context private @Nullable Application application;
  @Context private @Nullable ResourceInfo resourceInfo;

  private final Object lock = new Object();
  private volatile @Nullable Guard guard;
  private volatile boolean misconfigured;

  /** Whether the guard was built here from properties, so this filter must release it. */
  private volatile boolean ownsGuard;

  /** The resource class and method {@link GatehouseFeature} registered this filter for, or null. */
  private final @Nullable Class<?> fixedClass;

  private final @Nullable Method fixedMethod;

  /** Whether only resources whose annotations ask for a token are judged. */
  private final boolean nameBound;

  private final Map<ChainKey, Declarations.Declared> declared = new ConcurrentHashMap<>();

  /** A matched chain of resource classes and the method called at its end. */
  private record ChainKey(List<Class<?>> chain, List<List<Method>> locators, Method method) {
    // Written out: on JDK 17 the equals and hashCode a record gets by default are bootstrapped
    // through a JDK-wide method handle whose cache keeps the last record class it served, and so
    // an undeployed web application's class loader.
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof ChainKey k
          && method.equals(k.method)
          && chain.equals(k.chain)
          && locators.equals(k.locators);
    }

    @Override
    public int hashCode() {
      return Objects.hash(chain, locators, method);
    }
  }

  /** The locator candidates of a parent class for a child class. */
  private final Map<List<Class<?>>, Declarations.Locators> locatorCandidates =
      new ConcurrentHashMap<>();

  /** For registration by class or scanning: configured from the application's properties. */
  public BearerAuthFilter() {
    this.fixedClass = null;
    this.fixedMethod = null;
    this.nameBound = false;
  }

  /** Applies {@code guard}'s mode, rules and rendering to every resource. */
  public BearerAuthFilter(Guard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.fixedClass = null;
    this.fixedMethod = null;
    this.nameBound = false;
  }

  /** For one resource method, registered by {@link GatehouseFeature}. */
  BearerAuthFilter(Guard guard, Class<?> type, Method method, boolean nameBound) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.fixedClass = Objects.requireNonNull(type, "type");
    this.fixedMethod = Objects.requireNonNull(method, "method");
    this.nameBound = nameBound;
  }

  /**
   * At application start, for a filter configured from properties: reads and checks the {@code
   * gatehouse.*} properties, so that a missing, misspelt or invalid setting fails the start instead
   * of the first request.
   *
   * @throws IllegalArgumentException naming the property
   */
  @Override
  public boolean configure(FeatureContext context) {
    if (guard == null && fixedClass == null) {
      Guard checked = PropertySettings.guard(null, context.getConfiguration());
      synchronized (lock) {
        if (guard == null) {
          guard = checked;
          ownsGuard = true;
        } else {
          checked.verifier().close();
        }
      }
    }
    Guard current = guard;
    if (fixedClass == null && current != null) {
      // A runtime may filter with another instance than the one it configured (RESTEasy does):
      // that one takes this guard from the configuration, so that one verifier, one revocation
      // list and one key source serve the application.
      context.property(GUARD_PROPERTY, current);
      if (current.hasEndpoints()) {
        context.register(new GatehouseEndpoints(current));
      }
    }
    return true;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Guard current = guard();
    if (current == null) {
      request.abortWith(Refusal.misconfigured());
      return;
    }
    Declarations.Declared declarations = declarations(request.getUriInfo());
    if (nameBound && !declarations.bound()) {
      return;
    }
    UriInfo uri = request.getUriInfo();
    RequestView view =
        RequestView.builder(request.getMethod(), segments(uri))
            .headers(name -> request.getHeaders().get(name))
            .queryParameters(name -> uri.getQueryParameters().get(name))
            .pathParameters(name -> uri.getPathParameters().get(name))
            .requestUri(() -> withoutQuery(uri.getRequestUri()))
            .clientCertificates(
                () ->
                    request.getProperty("jakarta.servlet.request.X509Certificate")
                            instanceof java.security.cert.X509Certificate[] chain
                        ? chain
                        : null)
            .declared(declarations.requirement())
            .permitAll(declarations.permitAll())
            .build();
    apply(current, current.decide(view), request);
  }

  /**
   * Carries out {@code decision}: aborts with the refusal, or records the outcome (the {@link
   * Auth}, and the failure in annotate mode) and installs the security context.
   */
  private static void apply(Guard guard, Decision decision, ContainerRequestContext request) {
    if (decision instanceof Decision.Refuse refuse) {
      request.abortWith(Refusal.of(refuse.rejection()));
      return;
    }
    // Only what this decision produced is visible: a planted property is replaced or removed.
    AuthFailure failure = guard.mode() == Guard.Mode.ANNOTATE ? decision.failure() : null;
    request.setProperty(AuthFailure.REQUEST_ATTRIBUTE, failure);
    Auth auth = decision.auth();
    request.setProperty(Auth.REQUEST_ATTRIBUTE, auth);
    if (auth != null) {
      SecurityContext original = request.getSecurityContext();
      boolean secure =
          original != null
              ? original.isSecure()
              : "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme());
      request.setSecurityContext(new BearerSecurityContext(auth, guard, secure));
    }
  }

  /** {@code uri} without its query and fragment, as a DPoP proof's {@code htu} names it. */
  private static String withoutQuery(java.net.URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    int fragment = text.indexOf('#');
    int end = query >= 0 ? query : fragment >= 0 ? fragment : text.length();
    return text.substring(0, end);
  }

  /**
   * The decoded segments below the base URI, without matrix parameters, split where the runtime
   * splits them: on the undecoded {@code /}, so {@code %2F} stays inside its segment.
   */
  static List<String> segments(UriInfo uri) {
    List<PathSegment> segments = uri.getPathSegments(true);
    List<String> out = new ArrayList<>(segments.size());
    for (PathSegment segment : segments) {
      out.add(segment.getPath());
    }
    return out;
  }

  private Declarations.Declared declarations(UriInfo uri) {
    Class<?> type = fixedClass;
    Method method = fixedMethod;
    ResourceInfo info = resourceInfo;
    if (type == null || method == null) {
      if (info == null || info.getResourceMethod() == null || info.getResourceClass() == null) {
        return Declarations.Declared.NOTHING;
      }
      type = info.getResourceClass();
      method = info.getResourceMethod();
    }
    List<Class<?>> chain = chain(uri, type);
    List<List<Method>> locators = new ArrayList<>(chain.size());
    for (int i = 0; i + 1 < chain.size(); i++) {
      Declarations.Locators candidates =
          locatorCandidates.computeIfAbsent(
              List.of(chain.get(i), chain.get(i + 1)),
              k -> Declarations.locators(k.get(0), k.get(1)));
      locators.add(Declarations.matching(candidates, uri.getMatchedURIs(true)));
    }
    ChainKey key = new ChainKey(chain, locators, method);
    return declared.computeIfAbsent(key, k -> Declarations.of(k.chain(), k.locators(), k.method()));
  }

  /**
   * The classes of the matched resources, root first, ending with {@code type}, the class whose
   * method runs (JAX-RS lists matched resources current first).
   */
  private static List<Class<?>> chain(UriInfo uri, Class<?> type) {
    List<Object> matched = uri.getMatchedResources();
    List<Class<?>> chain = new ArrayList<>(matched.size() + 1);
    for (int i = matched.size() - 1; i >= 0; i--) {
      chain.add(matched.get(i).getClass());
    }
    int last = chain.size() - 1;
    if (last >= 0 && type.isAssignableFrom(chain.get(last))) {
      chain.set(last, type);
    } else {
      chain.add(type);
    }
    return List.copyOf(chain);
  }

  /**
   * Releases the key sources of a guard this filter built from properties, when the runtime ends
   * the application ({@code @PreDestroy}, which Jersey and RESTEasy call on provider singletons
   * they manage). A guard passed in by the application stays the application's to close.
   */
  @PreDestroy
  public void close() {
    Guard current;
    synchronized (lock) {
      current = fixedClass == null && ownsGuard ? guard : null;
      guard = null;
      misconfigured = true;
    }
    if (current != null) {
      current.verifier().close();
    }
  }

  private @Nullable Guard guard() {
    Guard current = guard;
    if (current != null || misconfigured) {
      return current;
    }
    synchronized (lock) {
      if (guard == null && !misconfigured) {
        Configuration config = configuration;
        if (config != null && config.getProperty(GUARD_PROPERTY) instanceof Guard shared) {
          guard = shared;
          return shared;
        }
        try {
          guard = PropertySettings.guard(application, configuration);
          ownsGuard = true;
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
