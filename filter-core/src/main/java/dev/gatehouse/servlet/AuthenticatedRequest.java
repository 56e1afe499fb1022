package dev.gatehouse.servlet;

import dev.gatehouse.Auth;
import dev.gatehouse.Guard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request as the application sees it after authentication: the {@link Auth} is its principal.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final Auth auth;
  private final Guard guard;

  AuthenticatedRequest(HttpServletRequest request, Auth auth, Guard guard) {
    super(request);
    this.auth = auth;
    this.guard = guard;
  }

  @Override
  public Principal getUserPrincipal() {
    return auth;
  }

  @Override
  public String getRemoteUser() {
    return auth.subject();
  }

  @Override
  public String getAuthType() {
    return "Bearer";
  }

  @Override
  public boolean isUserInRole(String role) {
    return role != null && guard.isUserInRole(auth, role);
  }
}
