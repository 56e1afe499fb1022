package dev.gatehouse.jaxrs;

import dev.gatehouse.Endpoint;
import dev.gatehouse.Guard;
import dev.gatehouse.RequestView;
import dev.gatehouse.Requirement;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Serves the {@link Endpoint}s a {@link Guard} mounts (the back-channel logout and Shared Signals
 * receivers, the protected-resource metadata with the scopes the resources' {@link RequireScopes}
 * name) at their exact paths below the application's base URI, before resource matching and never
 * behind the bearer check, with the same answers as the servlet filter. A {@link BearerAuthFilter}
 * configured from properties registers it itself; with {@link GatehouseFeature}, register it
 * beside:
 *
 * <pre>{@code
 * resourceConfig.register(GatehouseFeature.global(guard)).register(new GatehouseEndpoints(guard));
 * }</pre>
 *
 * <p>Thread-safe.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class GatehouseEndpoints implements ContainerRequestFilter {
  private final Guard guard;
  @Context private @Nullable Application application;
  @Context private @Nullable Configuration configuration;
  private volatile @Nullable Set<String> scopes;

  /** Serves {@code guard}'s endpoints. */
  public GatehouseEndpoints(Guard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    if (!guard.hasEndpoints()) {
      return;
    }
    UriInfo uri = request.getUriInfo();
    RequestView view =
        RequestView.builder(request.getMethod(), BearerAuthFilter.segments(uri))
            .headers(name -> request.getHeaders().get(name))
            .build();
    Endpoint endpoint = guard.endpoint(view);
    if (endpoint != null) {
      // The protected-resource metadata lists the scopes the application's annotations name.
      RequestView described =
          RequestView.builder(request.getMethod(), BearerAuthFilter.segments(uri))
              .headers(name -> request.getHeaders().get(name))
              .declared(Requirement.scopes(annotatedScopes()))
              .build();
      request.abortWith(Refusal.of(endpoint.handle(described, request.getEntityStream())));
    }
  }

  /** The scopes the application's resources name, read once. */
  private Set<String> annotatedScopes() {
    Set<String> scopes = this.scopes;
    if (scopes == null) {
      Set<Class<?>> classes = new LinkedHashSet<>();
      Application app = application;
      if (app != null) {
        classes.addAll(app.getClasses());
        for (Object singleton : singletons(app)) {
          classes.add(singleton.getClass());
        }
      }
      Configuration config = configuration;
      if (config != null) {
        classes.addAll(config.getClasses());
        config.getInstances().forEach(instance -> classes.add(instance.getClass()));
      }
      try {
        scopes = java.util.Collections.unmodifiableSet(Declarations.scopesNamed(classes));
      } catch (RuntimeException | LinkageError e) {
        // A class that cannot be introspected names no scope; the rules' scopes still show.
        scopes = Set.of();
      }
      this.scopes = scopes;
    }
    return scopes;
  }

  @SuppressWarnings("deprecation")
  private static Set<Object> singletons(Application app) {
    return app.getSingletons();
  }
}
