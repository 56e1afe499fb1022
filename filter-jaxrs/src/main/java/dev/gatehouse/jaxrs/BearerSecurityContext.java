package dev.gatehouse.jaxrs;

import dev.gatehouse.Auth;
import dev.gatehouse.Guard;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * The security context of an authenticated request: the {@link Auth} is the principal, and roles
 * follow the guard's role mapping, so the implementation's own {@code @RolesAllowed} support works
 * unchanged.
 */
final class BearerSecurityContext implements SecurityContext {
  /** The scheme name of RFC 6750 §2.1; Jakarta REST defines constants only for older schemes. */
  static final String BEARER = "Bearer";

  private final Auth auth;
  private final Guard guard;
  private final boolean secure;

  BearerSecurityContext(Auth auth, Guard guard, boolean secure) {
    this.auth = auth;
    this.guard = guard;
    this.secure = secure;
  }

  @Override
  public Principal getUserPrincipal() {
    return auth;
  }

  @Override
  public boolean isUserInRole(String role) {
    return role != null && guard.isUserInRole(auth, role);
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getAuthenticationScheme() {
    return BEARER;
  }
}
