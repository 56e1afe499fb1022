package dev.gatehouse.servers;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /api/books} for role {@code reader}, {@code /api/books/admin} for role {@code admin}.
 *
 * <p>Immutable and thread-safe.
 */
@Path("/books")
public final class BooksResource {
  @GET
  @RolesAllowed("reader")
  @Produces(MediaType.TEXT_PLAIN)
  public String list(@Context SecurityContext security) {
    return "books for " + security.getUserPrincipal().getName();
  }

  @GET
  @Path("/admin")
  @RolesAllowed("admin")
  @Produces(MediaType.TEXT_PLAIN)
  public String admin(@Context SecurityContext security) {
    return "books admin for " + security.getUserPrincipal().getName();
  }
}
