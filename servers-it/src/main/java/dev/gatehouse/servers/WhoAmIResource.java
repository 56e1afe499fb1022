package dev.gatehouse.servers;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** What Jakarta REST's own {@link SecurityContext} says of the caller the mechanism reported. */
@Path("/me")
public class WhoAmIResource {
  /** The principal's name and whether it is in the {@code reader} role. */
  @GET
  @Produces("text/plain")
  public String me(@Context SecurityContext security) {
    Principal principal = security.getUserPrincipal();
    return "user="
        + (principal == null ? "null" : principal.getName())
        + " reader="
        + security.isUserInRole("reader");
  }
}
