package dev.gatehouse.servlet;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 on 127.0.0.1 with one filter in front of an echo servlet that reports what the
 * application sees: principal, remote user, auth type, attributes and roles.
 */
final class TestServer implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Server server;
  private final URI base;

  private TestServer(Server server, URI base) {
    this.server = server;
    this.base = base;
  }

  static TestServer start(Filter filter) {
    return start(new FilterHolder(filter));
  }

  static TestServer start(Class<? extends Filter> type, Map<String, String> initParams) {
    FilterHolder holder = new FilterHolder(type);
    holder.setInitParameters(initParams);
    return start(holder);
  }

  static TestServer start(FilterHolder filter) {
    return start(filter, Map.of());
  }

  /** The filter on {@code /*} and, beside the echo servlet, {@code servlets} by their mapping. */
  static TestServer start(FilterHolder filter, Map<String, HttpServlet> servlets) {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // Large enough that the filter, not Jetty, refuses oversized tokens.
    http.setRequestHeaderSize(64 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Echo()), "/*");
    servlets.forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // already failing
      }
      throw new IllegalStateException("Jetty did not start", e);
    }
    return new TestServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
  }

  boolean isRunning() {
    return server.isStarted();
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  HttpResponse<String> send(String method, String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String path, String form) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .timeout(Duration.ofSeconds(20))
            .build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> bearer(String path, String token) {
    return get(path, "Authorization", "Bearer " + token);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  /** Reports the request as the application sees it. */
  static final class Echo extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Object auth = req.getAttribute(Auth.REQUEST_ATTRIBUTE);
      Object failure = req.getAttribute(AuthFailure.REQUEST_ATTRIBUTE);
      resp.setContentType("text/plain");
      resp.getWriter()
          .print(
              "user="
                  + req.getRemoteUser()
                  + " type="
                  + req.getAuthType()
                  + " principal="
                  + (req.getUserPrincipal() == null ? "null" : req.getUserPrincipal().getName())
                  + " auth="
                  + (auth instanceof Auth a ? a.subject() : "null")
                  + " failure="
                  + (failure instanceof AuthFailure f ? f.reason().code() : "null")
                  + " admin="
                  + req.isUserInRole("admin"));
    }
  }
}
