package dev.gatehouse.examples.jetty;

import dev.gatehouse.Guard;
import dev.gatehouse.examples.ApiServlet;
import dev.gatehouse.examples.ExampleApi;
import dev.gatehouse.examples.ExampleMain;
import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.servlet.RequireAuthFilter;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Gatehouse in embedded Jetty 12 (ee10): {@link RequireAuthFilter} in front of {@link ApiServlet}
 * on every path, with {@link ExampleApi#guard} deciding what each path needs.
 *
 * <p>Run it with {@code ./examples/run.sh} (or {@code -Dport=9090} / a port argument); tests start
 * it on port 0:
 *
 * {@snippet :
 * try (RunningExample app = JettyExample.start(issuer, 0)) {
 *   URI orders = app.uri("/api/orders");
 * }
 * }
 *
 * <p>Stateless and thread-safe.
 */
public final class JettyExample {
  private JettyExample() {}

  /** Starts the example on 127.0.0.1:{@code port} (0: any free port), trusting {@code issuer}. */
  public static RunningExample start(MockIssuer issuer, int port) {
    return start(ExampleApi.guard(issuer), port);
  }

  /**
   * Starts the example on 127.0.0.1:{@code port} (0: any free port), protected by {@code guard}.
   *
   * @throws IllegalStateException if Jetty does not start, such as when the port is taken
   */
  public static RunningExample start(Guard guard, int port) {
    return start(guard, port, Map.of());
  }

  /**
   * The same, with {@code servlets} beside the API, by their mapping (behind the same filter).
   *
   * @throws IllegalStateException if Jetty does not start, such as when the port is taken
   */
  public static RunningExample start(Guard guard, int port, Map<String, HttpServlet> servlets) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    // Every path and every dispatch (forward, include, error page, async) goes through the filter;
    // the guard opens /health and asks more of /api/admin/*.
    context.addFilter(
        new FilterHolder(new RequireAuthFilter(guard)), "/*", EnumSet.allOf(DispatcherType.class));
    ServletHolder api = new ServletHolder(new ApiServlet());
    context.addServlet(api, "/api/*");
    context.addServlet(api, "/health");
    servlets.forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));
    server.setHandler(context);

    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      throw new IllegalStateException("Jetty did not start on port " + port, e);
    }
    return new Running(
        server,
        URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"),
        guard.hasEndpoints());
  }

  /** Starts a mock issuer and the example, prints curl commands, and runs until stopped. */
  public static void main(String[] args) throws InterruptedException {
    ExampleMain.run(
        "Jetty 12", Scenarios.SERVLET_ROUTES, args, JettyExample::start, Scenarios::servletApi);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // already failing; the caller reports the first error
    }
  }

  private record Running(Server server, URI baseUri, boolean receivesLogouts)
      implements RunningExample {
    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("Jetty did not stop", e);
      }
    }
  }
}
