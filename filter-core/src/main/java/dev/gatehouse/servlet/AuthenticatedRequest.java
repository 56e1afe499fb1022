package dev.gatehouse.servlet;

import dev.gatehouse.Auth;
import dev.gatehouse.Guard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * The request as the application sees it after authentication: the {@link Auth} is its principal.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final @Nullable Auth auth;
  private final Guard guard;

  /** {@code auth} null: an inner dispatch that needs no token hides the outer request's. */
  AuthenticatedRequest(HttpServletRequest request, @Nullable Auth auth, Guard guard) {
    super(request);
    this.auth = auth;
    this.guard = guard;
  }

  @Override
  public @Nullable Principal getUserPrincipal() {
    return auth;
  }

  @Override
  public @Nullable String getRemoteUser() {
    return auth == null ? null : auth.subject();
  }

  @Override
  public @Nullable String getAuthType() {
    return auth == null ? null : "Bearer";
  }

  @Override
  public boolean isUserInRole(String role) {
    return auth != null && role != null && guard.isUserInRole(auth, role);
  }
}
