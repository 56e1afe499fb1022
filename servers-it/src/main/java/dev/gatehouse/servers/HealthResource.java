package dev.gatehouse.servers;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/health}, open to all; the servlet filter's {@code exclude-paths} lets it through.
 *
 * <p>Immutable and thread-safe.
 */
@Path("/health")
@PermitAll
public final class HealthResource {
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String health() {
    return "up";
  }
}
