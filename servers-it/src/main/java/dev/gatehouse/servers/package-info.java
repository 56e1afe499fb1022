/**
 * A small application protected by Gatehouse, to deploy on real application servers: a servlet
 * ({@link dev.gatehouse.servers.HelloServlet}) behind the servlet filter that {@code web.xml}
 * configures, and a Jakarta REST application ({@link dev.gatehouse.servers.BooksApplication}) whose
 * {@code @RolesAllowed} and {@code @PermitAll} Gatehouse's {@code BearerAuthFilter} enforces.
 *
 * <p>Never published: the integration tests lay it out as an exploded WAR and deploy it.
 */
@NullMarked
package dev.gatehouse.servers;

import org.jspecify.annotations.NullMarked;
