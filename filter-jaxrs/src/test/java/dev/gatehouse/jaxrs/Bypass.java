package dev.gatehouse.jaxrs;

import dev.gatehouse.Auth;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resources shaped like the bypasses of issue 11: sub-resource locators, annotations on interfaces
 * and superclasses, an inherited method shared by two classes, a templated segment beside an
 * excluded prefix, and a filter that plants an {@code Auth}. Each answers {@code ok} and what it
 * sees of the security context. Public, because the runtimes instantiate them reflectively.
 */
public final class Bypass {
  static final List<Class<?>> RESOURCES =
      List.of(
          Tenants.class,
          ScopedRoot.class,
          ContractResource.class,
          Derived.class,
          SharedA.class,
          SharedB.class,
          TenantAdmin.class,
          PlantedProbe.class,
          Managers.class,
          Lobby.class,
          Library.Probe.class);

  private Bypass() {}

  /** An application of these resources (only) plus {@code extra} classes and instances. */
  static Application application(Object... extra) {
    Object[] all = new Object[RESOURCES.size() + extra.length];
    for (int i = 0; i < RESOURCES.size(); i++) {
      all[i] = RESOURCES.get(i);
    }
    System.arraycopy(extra, 0, all, RESOURCES.size(), extra.length);
    return Library.application(Map.of(), all);
  }

  static String seen(SecurityContext security) {
    return "ok " + (security.getUserPrincipal() == null ? "anonymous" : "user");
  }

  /** A name-bound root whose locator leads to an unmarked sub-resource. */
  @Path("tenants")
  @RequireAuth
  public static class Tenants {
    @Path("{tenant}/admin")
    public TenantSub admin() {
      return new TenantSub();
    }
  }

  /** Reached only through a locator. */
  public static class TenantSub {
    @GET
    public String get(@Context SecurityContext security) {
      return seen(security);
    }
  }

  /** Scopes on the root class and on a locator must reach the sub-resource's methods. */
  @Path("scoped")
  @RequireScopes("admin")
  public static class ScopedRoot {
    @Path("sub")
    public ScopedSub sub() {
      return new ScopedSub();
    }

    @Path("locked")
    @RequireScopes("locker")
    public ScopedSub locked() {
      return new ScopedSub();
    }
  }

  /** A sub-resource whose method is public on its own: the root's scopes still apply. */
  public static class ScopedSub {
    @GET
    @PermitAll
    public String get(@Context SecurityContext security) {
      return seen(security);
    }
  }

  /** A contract-first resource: every annotation on the interface. */
  @Path("contract")
  @RequireScopes("contract")
  public interface Contract {
    @GET
    String get();

    @GET
    @Path("method")
    @RequireScopes("contract.method")
    String method();
  }

  /** Implements the contract without repeating an annotation. */
  public static class ContractResource implements Contract {
    @Override
    public String get() {
      return "ok";
    }

    @Override
    public String method() {
      return "ok";
    }
  }

  /** A superclass whose resource method needs a scope. */
  public abstract static class Base {
    @GET
    @Path("over")
    @RequireScopes("admin")
    public String over() {
      return "base";
    }

    @GET
    @Path("shared")
    public String shared() {
      return "ok";
    }
  }

  /** Overrides the method without annotations: it inherits the superclass method's. */
  @Path("derived")
  public static class Derived extends Base {
    @Override
    public String over() {
      return "ok";
    }
  }

  /** Inherits {@code shared} and protects it with a class scope. */
  @Path("shared-a")
  @RequireScopes("a")
  public static class SharedA extends Base {}

  /** Inherits the same {@code shared} method with no scope. */
  @Path("shared-b")
  @PermitAll
  public static class SharedB extends Base {}

  /** A templated first segment: {@code /public%2Fx/admin} routes here. */
  @Path("{tenant}/admin")
  public static class TenantAdmin {
    @GET
    public String get(@PathParam("tenant") String tenant, @Context SecurityContext security) {
      return seen(security);
    }
  }

  /** Under an excluded prefix, yet annotated: the annotation still asks for a scope. */
  @Path("public/planted")
  public static class PlantedProbe {
    @GET
    @RequireScopes("admin")
    public String scoped() {
      return "ok";
    }

    @GET
    @Path("open")
    @PermitAll
    public String open() {
      return "ok";
    }
  }

  /** JSR 250 annotations, enforced with no runtime switch on. */
  @Path("managers")
  @RolesAllowed("manager")
  public static class Managers {
    @GET
    public String get() {
      return "ok";
    }

    @GET
    @Path("closed")
    @DenyAll
    public String closed() {
      return "ok";
    }

    @GET
    @Path("anyone")
    @PermitAll
    public String anyone() {
      return "ok";
    }
  }

  /** A public class whose method needs a role. */
  @Path("lobby")
  @PermitAll
  public static class Lobby {
    @GET
    public String get() {
      return "ok";
    }

    @GET
    @Path("desk")
    @RolesAllowed("clerk")
    public String desk() {
      return "ok";
    }
  }

  /**
   * Plants a forged {@code Auth} with every scope before Gatehouse runs, as a careless or hostile
   * earlier filter might.
   */
  @PreMatching
  @Priority(Priorities.AUTHENTICATION - 100)
  public static final class Planter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      request.setProperty(
          Auth.REQUEST_ATTRIBUTE,
          new Auth(
              "mallory",
              "https://forged",
              List.of("api"),
              Set.of("admin", "a", "contract", "contract.method"),
              Instant.now().plusSeconds(600),
              null,
              null,
              Map.of()));
    }
  }
}
