package dev.gatehouse.jaxrs;

import dev.gatehouse.TokenVerifier;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Path;

/**
 * The README's way to serve {@link ReadinessResource}: a locator open to all. Public, because the
 * implementations call it reflectively.
 */
@Path("/health")
public final class ReadinessLocator {
  private final TokenVerifier verifier;

  /** Serves {@code verifier}'s readiness. */
  public ReadinessLocator(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** The readiness sub-resource. */
  @Path("ready")
  @PermitAll
  public ReadinessResource ready() {
    return new ReadinessResource(verifier);
  }
}
