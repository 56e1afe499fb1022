package dev.gatehouse.examples.jersey;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.gatehouse.jaxrs.RequireScopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * A small library API: the catalogue needs the {@code books.read} scope (checked by Gatehouse), the
 * loans the {@code librarian} role (checked by Gatehouse, and by Jersey's {@code
 * RolesAllowedDynamicFeature} too, with roles from the token's {@code roles} claim).
 *
 * <p>Stateless and thread-safe.
 */
@Path("/api/books")
@Produces(MediaType.APPLICATION_JSON)
public final class BooksResource {
  /** Creates the resource; Jersey calls this per request. */
  public BooksResource() {}

  /** The catalogue, for tokens with the {@code books.read} scope. */
  @GET
  @RequireScopes("books.read")
  public String catalogue(@Context SecurityContext security) {
    return "{\"reader\":"
        + quote(security.getUserPrincipal().getName())
        + ",\"books\":[\"Dune\",\"Emma\"]}";
  }

  /** Who borrowed what, for the {@code librarian} role. */
  @GET
  @Path("/loans")
  @RolesAllowed("librarian")
  public String loans(@Context SecurityContext security) {
    return "{\"librarian\":"
        + quote(security.getUserPrincipal().getName())
        + ",\"loans\":{\"Dune\":\"alice\"}}";
  }

  private static String quote(String value) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
  }
}
