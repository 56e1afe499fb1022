package dev.gatehouse.jaxrs;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources every implementation is tested with. Each answers what it sees of the security
 * context; {@link Probe} reports the request properties as response headers. Public, because the
 * implementations instantiate them reflectively.
 */
public final class Library {
  static final List<Class<?>> RESOURCES =
      List.of(
          Books.class,
          Catalog.class,
          Vault.class,
          Bound.class,
          Open.class,
          Health.class,
          Probe.class,
          Payments.class);

  private Library() {}

  /** An application of the library's resources plus {@code extra} classes and instances. */
  static Application application(Map<String, Object> properties, Object... extra) {
    return application(RESOURCES, properties, extra);
  }

  /** An application of {@code resources} plus {@code extra} classes and instances. */
  static Application application(
      List<Class<?>> resources, Map<String, Object> properties, Object... extra) {
    Set<Class<?>> classes = new LinkedHashSet<>(resources);
    Set<Object> singletons = new LinkedHashSet<>();
    for (Object e : extra) {
      if (e instanceof Class<?> type) {
        classes.add(type);
      } else {
        singletons.add(e);
      }
    }
    return new Application() {
      @Override
      public Set<Class<?>> getClasses() {
        return classes;
      }

      // Deprecated in Jakarta REST 3.1 in favour of CDI, yet the one portable way to register an
      // instance.
      @SuppressWarnings("deprecation")
      @Override
      public Set<Object> getSingletons() {
        return singletons;
      }

      @Override
      public Map<String, Object> getProperties() {
        return properties;
      }
    };
  }

  static Application application(Object... extra) {
    return application(Map.of(), extra);
  }

  static String describe(SecurityContext security) {
    Principal principal = security.getUserPrincipal();
    return "user="
        + (principal == null ? "null" : principal.getName())
        + " auth="
        + (principal instanceof Auth)
        + " scheme="
        + security.getAuthenticationScheme()
        + " secure="
        + security.isSecure()
        + " librarian="
        + security.isUserInRole("librarian");
  }

  /** Unannotated methods, and one of each kind of annotation. */
  @Path("/books")
  public static final class Books {
    @GET
    public String list(@Context SecurityContext security) {
      return describe(security);
    }

    @GET
    @Path("/{id}")
    @RequireScopes("books.read")
    public String find(@Context SecurityContext security) {
      return describe(security);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("librarian")
    public String remove(@Context SecurityContext security) {
      return describe(security);
    }

    @GET
    @Path("/covers")
    @PermitAll
    public String covers(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** A public class with one method that needs a role. */
  @Path("/catalog")
  @PermitAll
  public static final class Catalog {
    @GET
    public String browse(@Context SecurityContext security) {
      return describe(security);
    }

    @GET
    @Path("/shelf")
    @RolesAllowed("librarian")
    public String shelf(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** Class-level scopes, replaced on one method and waived on another. */
  @Path("/vault")
  @RequireScopes("books.read")
  public static final class Vault {
    @GET
    public String open(@Context SecurityContext security) {
      return describe(security);
    }

    @GET
    @Path("/write")
    @RequireScopes("books.write")
    public String write(@Context SecurityContext security) {
      return describe(security);
    }

    @GET
    @Path("/lobby")
    @PermitAll
    public String lobby(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** Name-bound as a whole. */
  @Path("/bound")
  @RequireAuth
  public static final class Bound {
    @GET
    public String get(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** Unannotated, with name-bound methods. */
  @Path("/open")
  public static final class Open {
    @GET
    public String get(@Context SecurityContext security) {
      return describe(security);
    }

    @GET
    @Path("/guarded")
    @RequireAuth
    public String guarded(@Context SecurityContext security) {
      return describe(security);
    }

    @GET
    @Path("/scoped")
    @RequireScopes("books.read")
    public String scoped(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** For {@code exclude-paths}. */
  @Path("/health")
  public static final class Health {
    @GET
    public String get(@Context SecurityContext security) {
      return describe(security);
    }
  }

  /** Reports the request properties Gatehouse sets as {@code X-Auth} and {@code X-Failure}. */
  public static final class Probe implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      if (request.getProperty(Auth.REQUEST_ATTRIBUTE) instanceof Auth auth) {
        response.getHeaders().putSingle("X-Auth", auth.subject());
      }
      if (request.getProperty(AuthFailure.REQUEST_ATTRIBUTE) instanceof AuthFailure failure) {
        response.getHeaders().putSingle("X-Failure", failure.reason().code());
      }
    }
  }

  /** A high-value operation: the issuer is asked about the token on every request. */
  @Path("/payments")
  @RequireOnlineCheck
  public static final class Payments {
    @GET
    @jakarta.annotation.security.PermitAll
    public String list(@Context SecurityContext security) {
      return describe(security);
    }
  }
}
