package dev.gatehouse.jaxrs;

import dev.gatehouse.Guard;
import dev.gatehouse.servlet.RequireAuthFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The servlet {@code RequireAuthFilter} on Jetty 12, the reference for the JAX-RS answers. */
final class ServletServer implements AutoCloseable {
  private final Server server;
  private final URI base;

  private ServletServer(Server server, URI base) {
    this.server = server;
    this.base = base;
  }

  static ServletServer start(Guard guard) {
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(
        new FilterHolder(new RequireAuthFilter(guard)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Ok()), "/*");
    return start(context);
  }

  /** Jetty on 127.0.0.1, on a free port, serving {@code context} at the root. */
  static ServletServer start(ServletContextHandler context) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context.setContextPath("/");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    return new ServletServer(
        server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"));
  }

  URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  /** Answers every request that gets past the filter. */
  static final class Ok extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().print("ok");
    }
  }
}
