package dev.gatehouse.redis;

import dev.gatehouse.BackChannelLogout;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.servlet.RequireAuthFilter;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.servlet.DispatcherType;
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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * One node of the cluster: Jetty on 127.0.0.1 with the filter in front of a servlet that answers
 * "ok", a back-channel logout receiver at {@code /backchannel-logout}, and its own verifier whose
 * revocation list a {@link RedisRevocations} keeps in step.
 */
final class Node implements AutoCloseable {
  static final String CLIENT = "web";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final @Nullable TokenVerifier verifier;
  final @Nullable RedisRevocations replica;
  private final Server server;
  private final URI base;

  private Node(
      @Nullable TokenVerifier verifier, @Nullable RedisRevocations replica, Server server) {
    this.verifier = verifier;
    this.replica = replica;
    this.server = server;
    this.base =
        URI.create(
            "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  /** A node built in code, its replica started explicitly. */
  static Node start(MockIssuer issuer, URI redis) {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
    RedisRevocations replica = RedisRevocations.start(redis, verifier.revocations());
    Guard guard =
        Guard.builder(verifier)
            .endpoint(
                "/backchannel-logout",
                BackChannelLogout.builder(verifier).audiences(CLIENT).build())
            .build();
    return new Node(verifier, replica, jetty(new FilterHolder(new RequireAuthFilter(guard))));
  }

  /** A node configured as web.xml would, by init-params only. */
  static Node configured(Map<String, String> initParams) {
    FilterHolder holder = new FilterHolder(RequireAuthFilter.class);
    holder.setInitParameters(initParams);
    return new Node(null, null, jetty(holder));
  }

  private static Server jetty(FilterHolder filter) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new Ok()), "/*");
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
    return server;
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  int status(String token) {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The status of a request to {@code /api} with {@code Authorization: DPoP token} and {@code
   * proof}.
   */
  int dpopStatus(String token, String proof) {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api"))
            .header("Authorization", "DPoP " + token)
            .header("DPoP", proof)
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    } finally {
      if (replica != null) {
        replica.close();
      }
      if (verifier != null) {
        verifier.close();
      }
    }
  }

  private static final class Ok extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().write("ok");
    }
  }
}
