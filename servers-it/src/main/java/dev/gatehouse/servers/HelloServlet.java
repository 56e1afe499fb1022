package dev.gatehouse.servers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * Answers {@code GET /hello} with what the container tells the application about the caller: the
 * user principal's name, as Gatehouse's filter set it, and whether the caller is in role {@code
 * admin}, as {@code "alice admin=false"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class HelloServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Principal principal = request.getUserPrincipal();
    String name = principal == null ? "anonymous" : principal.getName();
    response.setContentType("text/plain;charset=utf-8");
    response.getWriter().print(name + " admin=" + request.isUserInRole("admin"));
  }
}
