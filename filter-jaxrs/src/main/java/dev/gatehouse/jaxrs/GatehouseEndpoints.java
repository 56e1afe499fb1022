package dev.gatehouse.jaxrs;

import dev.gatehouse.Endpoint;
import dev.gatehouse.Guard;
import dev.gatehouse.RequestView;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves the {@link Endpoint}s a {@link Guard} mounts (the back-channel logout receiver) at their
 * exact paths below the application's base URI, before resource matching and never behind the
 * bearer check, with the same answers as the servlet filter. A {@link BearerAuthFilter} configured
 * from properties registers it itself; with {@link GatehouseFeature}, register it beside:
 *
 * {@snippet :
 * resourceConfig.register(GatehouseFeature.global(guard)).register(new GatehouseEndpoints(guard));
 * }
 *
 * <p>Thread-safe.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class GatehouseEndpoints implements ContainerRequestFilter {
  private final Guard guard;

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
      request.abortWith(Refusal.of(endpoint.handle(view, request.getEntityStream())));
    }
  }
}
