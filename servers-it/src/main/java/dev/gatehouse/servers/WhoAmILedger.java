package dev.gatehouse.servers;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/**
 * An enterprise bean of the Jakarta Security variant whose method only an {@code admin} may call:
 * the server's EJB container enforces {@code @RolesAllowed} against the caller the Gatehouse
 * mechanism reported.
 */
@Stateless
public class WhoAmILedger {
  @Resource private SessionContext context;

  /** Closes the books, for an administrator only. */
  @RolesAllowed("admin")
  public String close() {
    return "closed by " + context.getCallerPrincipal().getName();
  }
}
