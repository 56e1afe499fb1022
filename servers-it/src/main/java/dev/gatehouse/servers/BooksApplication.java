package dev.gatehouse.servers;

import dev.gatehouse.jaxrs.BearerAuthFilter;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The Jakarta REST application at {@code /api}: the books and health resources, and Gatehouse's
 * {@link BearerAuthFilter}, which enforces their {@code @RolesAllowed} and {@code @PermitAll}
 * itself. The filter reads its {@code gatehouse.*} settings from the runtime's configuration: the
 * init-params of the servlet that {@code web.xml} names after this class.
 *
 * <p>Immutable and thread-safe.
 */
@ApplicationPath("/api")
public final class BooksApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(BooksResource.class, HealthResource.class, BearerAuthFilter.class);
  }
}
