package dev.gatehouse.servlet;

import dev.gatehouse.Auth;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application every servlet container hosts for the dispatch and path tests of issue 11: {@code
 * /open/*} dispatches (include, forward, async, error page) into {@code /protected/*}, whose
 * servlet answers {@code secret-data}; everything else is echoed. A filter in front plants a forged
 * {@code Auth} attribute.
 */
final class ServletApp {
  static final String SECRET = "secret-data";

  private ServletApp() {}

  /** Answers {@code secret-data} for GET (and so HEAD) and {@code deleted} for DELETE. */
  static final class Protected extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.setHeader("X-Secret", "yes");
      resp.getWriter().print(SECRET);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().print("deleted " + SECRET);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String override = req.getHeader("X-HTTP-Method-Override");
      // What an application's override mechanism does: run the other method.
      if ("DELETE".equalsIgnoreCase(override)) {
        doDelete(req, resp);
      } else {
        resp.getWriter().print("posted");
      }
    }
  }

  /** Dispatches into the protected servlet in every way the Servlet specification offers. */
  static final class Dispatching extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        throws IOException, ServletException {
      String what = req.getPathInfo() == null ? "" : req.getPathInfo();
      switch (what) {
        case "/include" -> {
          resp.setContentType("text/plain");
          resp.getWriter().print("[");
          req.getRequestDispatcher("/protected/data").include(req, resp);
          resp.getWriter().print("]");
        }
        case "/forward" -> req.getRequestDispatcher("/protected/data").forward(req, resp);
        case "/async" -> {
          AsyncContext async = req.startAsync();
          async.dispatch("/protected/data");
        }
        case "/error" -> resp.sendError(418);
        case "/attr" -> {
          resp.setContentType("text/plain");
          resp.getWriter()
              .print(
                  "attr="
                      + (req.getAttribute(Auth.REQUEST_ATTRIBUTE) == null ? "null" : "set")
                      + " principal="
                      + (req.getUserPrincipal() == null ? "null" : "set"));
        }
        default -> resp.getWriter().print("open");
      }
    }
  }

  /** Echoes the path of anything else. */
  static final class Echo extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().print("echo " + req.getServletPath() + req.getPathInfo());
    }
  }

  /** Plants a forged {@code Auth} before Gatehouse, as a careless earlier filter might. */
  static final class Planter implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      req.setAttribute(
          Auth.REQUEST_ATTRIBUTE,
          new Auth(
              "mallory",
              "https://forged",
              List.of("api"),
              Set.of("secret"),
              Instant.now().plusSeconds(600),
              null,
              null,
              Map.of()));
      chain.doFilter(req, res);
    }
  }
}
