package dev.gatehouse.examples;

import dev.gatehouse.Auth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The example API behind Gatehouse's filter: {@code /health} answers {@code {"status":"up"}}; every
 * path under {@code /api/} answers with the caller the filter verified, such as {@code
 * {"path":"/api/orders","subject":"alice","scopes":["orders.read"]}}.
 *
 * <p>The servlet makes no security decision: the filter in front of it lets only authorized
 * requests through and puts the verified {@link Auth} at {@link Auth#REQUEST_ATTRIBUTE}. It uses
 * nothing but the Servlet API and {@code Auth}, so the WAR example ships it alone in {@code
 * WEB-INF/classes}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Creates the servlet; containers call this for {@code web.xml}. */
  public ApiServlet() {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    if ("/health".equals(request.getServletPath())) {
      response.getWriter().write("{\"status\":\"up\"}");
      return;
    }
    if (!(request.getAttribute(Auth.REQUEST_ATTRIBUTE) instanceof Auth auth)) {
      // Only a deployment without the filter in front of /api/* gets here: fail closed.
      response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      response.getWriter().write("{\"error\":\"RequireAuthFilter is not mapped to this path\"}");
      return;
    }
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    StringBuilder json = new StringBuilder("{\"path\":");
    quote(json, path);
    json.append(",\"subject\":");
    quote(json, auth.subject());
    json.append(",\"scopes\":[");
    String separator = "";
    for (String scope : auth.scopes()) {
      json.append(separator);
      quote(json, scope);
      separator = ",";
    }
    json.append("]}");
    response.getWriter().write(json.toString());
  }

  /** Appends {@code value} as a JSON string (RFC 8259 §7): the subject comes from the token. */
  private static void quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
