package dev.gatehouse.jaxrs;

import dev.gatehouse.Auth;
import dev.gatehouse.Guard;
import dev.gatehouse.Requirement;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Checks a resource method's {@link RequireScopes} after authentication, through the core guard, so
 * a refusal is the core's {@code 403 insufficient_scope} with the {@code scope} parameter.
 */
@Priority(Priorities.AUTHORIZATION)
final class ScopeFilter implements ContainerRequestFilter {
  private final Guard guard;
  private final Requirement requirement;

  ScopeFilter(Guard guard, Requirement requirement) {
    this.guard = guard;
    this.requirement = requirement;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    check(guard, requirement, request);
  }

  static void check(Guard guard, Requirement requirement, ContainerRequestContext request) {
    if (BearerAuthFilter.isCorsPreflight(request)) {
      return;
    }
    // Scopes imply a token: without an authenticated Auth the guard judges the credentials itself.
    Guard.Decision decision =
        request.getProperty(Auth.REQUEST_ATTRIBUTE) instanceof Auth auth
            ? guard.authorize(auth, requirement)
            : guard.check(requirement, BearerAuthFilter.authorization(request));
    BearerAuthFilter.apply(guard, decision, request);
  }
}
