package dev.gatehouse.jaxrs;

import dev.gatehouse.Readiness;
import dev.gatehouse.TokenVerifier;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/**
 * A readiness probe as a JAX-RS sub-resource: {@code GET} (and {@code HEAD}) answer {@link
 * Readiness#check()}, {@code 200} when every issuer's keys can verify tokens, else {@code 503},
 * with a JSON body of each issuer's key status. Return it from a locator that the bearer check lets
 * through ({@code @PermitAll}, or a path in {@code exclude-paths}):
 *
 * <pre>{@code
 * @Path("/health")
 * public class Health {
 *   @Path("ready")
 *   @PermitAll
 *   public ReadinessResource ready() {
 *     return new ReadinessResource(verifier);
 *   }
 * }
 * }</pre>
 *
 * <p>Or set {@code health-path}: a properties-configured {@link BearerAuthFilter} (or {@link
 * GatehouseEndpoints}) then answers there before resource matching, as the servlet filter does.
 *
 * <p>Immutable and thread-safe.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ReadinessResource {
  private final Readiness readiness;

  /** Reports on {@code verifier}'s issuers. */
  public ReadinessResource(TokenVerifier verifier) {
    this.readiness = Readiness.of(Objects.requireNonNull(verifier, "verifier"));
  }

  /** The readiness answer: {@code 200} or {@code 503}, with the JSON body. */
  @GET
  public Response check() {
    return Refusal.of(readiness.check());
  }
}
