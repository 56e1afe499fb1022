package dev.gatehouse.jaxrs;

import dev.gatehouse.Auth;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The code of the README's "JAX-RS" section, kept here so that it compiles; {@link
 * ReadmeExampleTest} runs it. Change both together.
 */
public final class ReadmeExample {
  private ReadmeExample() {}

  @Path("/books")
  public static class BooksResource {
    @GET
    @Path("/{id}")
    @RequireScopes("books.read")
    public String find(@PathParam("id") String id, @Context SecurityContext security) {
      Auth auth = (Auth) security.getUserPrincipal();
      return "book " + id + " for " + auth.subject();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("librarian")
    public void remove(@PathParam("id") String id) {}

    @GET
    @Path("/covers")
    @PermitAll
    public String covers() {
      return "covers are public";
    }
  }

  static TokenVerifier verifier() {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(IssuerPolicy.builder("https://idp.example.com").audiences("books-api").build())
            .build();
    return verifier;
  }

  static ResourceConfig application(TokenVerifier verifier) {
    Guard guard = Guard.builder(verifier).build();
    ResourceConfig app =
        new ResourceConfig(BooksResource.class)
            .register(GatehouseFeature.global(guard))
            .register(RolesAllowedDynamicFeature.class);
    return app;
  }

  @ApplicationPath("/api")
  public static class BooksApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
      return Set.of(BooksResource.class, BearerAuthFilter.class);
    }

    @Override
    public Map<String, Object> getProperties() {
      return Map.of(
          "gatehouse.issuer", "https://idp.example.com", "gatehouse.audience", "books-api");
    }
  }
}
