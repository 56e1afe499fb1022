package dev.gatehouse.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;

/**
 * The resources of the resource-server contract (issue 15): scopes for the metadata, step-up,
 * claims, organizations from path parameters (through a locator too), delegation declared on an
 * interface. Public, because the implementations instantiate them reflectively.
 */
public final class Tenancy {
  static final List<Class<?>> RESOURCES =
      List.of(Tools.class, Payouts.class, Reports.class, Orgs.class, Own.class);

  private Tenancy() {}

  /** Needs {@code mcp:tools}; a sub-resource adds {@code books.read}. */
  @Path("/tools")
  @RequireScopes("mcp:tools")
  public static class Tools {
    @GET
    public String list() {
      return "tools";
    }

    @Path("books")
    public Shelf shelf() {
      return new Shelf();
    }
  }

  /** Reached only through {@link Tools#shelf()}. */
  public static class Shelf {
    @GET
    @RequireScopes("books.read")
    public String books() {
      return "books";
    }
  }

  /** A step-up on one method. */
  @Path("/payouts")
  public static class Payouts {
    @POST
    @RequireStepUp(
        acr = {"urn:example:mfa", "phr"},
        maxAgeSeconds = 300)
    public String pay() {
      return "paid";
    }

    @GET
    public String list() {
      return "payouts";
    }
  }

  /** Two claims on one method. */
  @Path("/reports")
  public static class Reports {
    @GET
    @RequireClaim(name = "department", equalTo = "sales")
    @RequireClaim(name = "groups", includes = "staff")
    public String report() {
      return "report";
    }
  }

  /** Organization-scoped routes. */
  @Path("/orgs/{org}")
  @RequireOrganization("org")
  public static class Orgs {
    @POST
    @Path("projects")
    @RequireOrganization(value = "org", scopes = "projects:write")
    public String create(@PathParam("org") String org) {
      return "created in " + org;
    }

    @GET
    @Path("settings")
    public String settings(@PathParam("org") String org) {
      return "settings of " + org;
    }

    @Path("teams/{org}")
    public Teams teams() {
      return new Teams();
    }
  }

  /** A sub-resource where {@code {org}} is bound twice along the chain. */
  public static class Teams {
    @GET
    public String list() {
      return "teams";
    }
  }

  /** Declares, on an interface, that only the subject itself may call. */
  public interface Personal {
    @GET
    @RefuseDelegation
    String own();
  }

  /** Implements {@link Personal} without repeating its annotation. */
  @Path("/own")
  public static class Own implements Personal {
    @Override
    public String own() {
      return "own";
    }
  }
}
