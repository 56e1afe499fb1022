package dev.gatehouse.servers;

import dev.gatehouse.Auth;
import dev.gatehouse.jakarta.Claim;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * What the server's own security says of the caller, for the Jakarta Security variant (declared in
 * that variant's {@code web.xml} only): the servlet principal, the roles, Jakarta Security's
 * caller, and the injected {@code Auth} and {@code @Claim}; at {@code /ledger}, what an enterprise
 * bean's {@code @RolesAllowed} makes of the caller.
 */
public class WhoAmIServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject private transient SecurityContext security;
  @Inject private transient jakarta.enterprise.inject.Instance<Auth> auth;

  @Inject
  @Claim("email")
  private transient jakarta.enterprise.inject.Instance<String> email;

  @EJB private transient WhoAmILedger ledger;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if ("/ledger".equals(request.getServletPath())) {
      response.setContentType("text/plain");
      try {
        response.getWriter().print(ledger.close());
      } catch (EJBAccessException refused) {
        response.setStatus(403);
        response.getWriter().print("the enterprise bean refused the caller");
      }
      return;
    }
    Principal principal = request.getUserPrincipal();
    Principal caller = security.getCallerPrincipal();
    Auth injected = auth.get();
    response.setContentType("text/plain");
    response
        .getWriter()
        .print(
            "user="
                + name(principal)
                + " caller="
                + name(caller)
                + " reader="
                + request.isUserInRole("reader")
                + " admin="
                + security.isCallerInRole("admin")
                + " auth="
                + (injected == null ? "null" : injected.subject())
                + " email="
                + email.get());
  }

  private static String name(@Nullable Principal principal) {
    return principal == null ? "null" : principal.getName();
  }
}
