package dev.gatehouse.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The README's JAX-RS annotations for issue 15, kept here so that they compile. */
final class ReadmeAnnotations {
  private ReadmeAnnotations() {}

  // README: annotations
  @Path("/orgs/{org}/payouts")
  @RequireOrganization(value = "org", scopes = "payouts:write")
  public static class Payouts {
    @POST
    @RequireScopes("payouts:write")
    @RequireStepUp(acr = "urn:example:mfa", maxAgeSeconds = 300)
    @RefuseDelegation
    public String pay(@PathParam("org") String org) {
      return "paid from " + org;
    }

    @GET
    @RequireClaim(name = "groups", includes = "finance")
    public String list(@PathParam("org") String org) {
      return "payouts of " + org;
    }
  }
  // README: end
}
