package dev.gatehouse.examples.jersey;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The health check, open to all: {@code @PermitAll} lets requests without a token through
 * Gatehouse's global filter.
 *
 * <p>Stateless and thread-safe.
 */
@Path("/health")
@PermitAll
public final class HealthResource {
  /** Creates the resource; Jersey calls this per request. */
  public HealthResource() {}

  /** Always up while the server runs. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String health() {
    return "{\"status\":\"up\"}";
  }
}
