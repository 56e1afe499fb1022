package dev.gatehouse.examples.jersey;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.Guard;
import dev.gatehouse.examples.ExampleApi;
import dev.gatehouse.examples.ExampleMain;
import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.examples.Scenario;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.jaxrs.GatehouseFeature;
import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * Gatehouse in a Jersey 3.1 application on the JDK's own HTTP server, with no servlet container:
 * {@link GatehouseFeature} requires a valid token on every resource but {@code @PermitAll} ones and
 * checks {@code @RequireScopes} and {@code @RolesAllowed} against the token's scopes and roles;
 * Jersey's {@link RolesAllowedDynamicFeature}, registered beside it, agrees.
 *
 * {@snippet :
 * ResourceConfig app = new ResourceConfig(BooksResource.class, HealthResource.class)
 *     .register(GatehouseFeature.global(guard))
 *     .register(RolesAllowedDynamicFeature.class);
 * }
 *
 * <p>Run it with {@code ./examples/run.sh jersey}; tests start it on port 0.
 *
 * <p>Stateless and thread-safe.
 */
public final class JerseyExample {
  /** Held so that the level set in {@link #main} is not garbage collected with the logger. */
  private static final Logger JERSEY_LOG = Logger.getLogger("org.glassfish.jersey");

  /** What the example protects, in one line. */
  public static final String ROUTES =
      "/health is open, /api/books needs the 'books.read' scope, /api/books/loans the 'librarian' role.";

  private JerseyExample() {}

  /** Starts the example on 127.0.0.1:{@code port} (0: any free port), trusting {@code issuer}. */
  public static RunningExample start(MockIssuer issuer, int port) {
    return start(
        Guard.builder(ExampleApi.verifier(issuer.issuer(), issuer.jwksUri())).build(), port);
  }

  /**
   * Starts the example on 127.0.0.1:{@code port} (0: any free port), protected by {@code guard}.
   *
   * @throws jakarta.ws.rs.ProcessingException if the server does not start, such as when the port
   *     is taken
   */
  public static RunningExample start(Guard guard, int port) {
    ResourceConfig app =
        new ResourceConfig(BooksResource.class, HealthResource.class)
            .register(GatehouseFeature.global(guard))
            .register(RolesAllowedDynamicFeature.class);
    HttpServer server =
        JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"), app);
    return new Running(
        server, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
  }

  /**
   * Valid token, expired token, wrong audience, missing scope, no token; then the role check both
   * ways and the open health check.
   */
  public static List<Scenario> scenarios(MockIssuer issuer) {
    Instant now = issuer.clock().instant();
    Duration lifetime = Scenarios.TOKEN_LIFETIME;
    String reader = issuer.token().subject("alice").scopes("books.read").expiresIn(lifetime).sign();
    String expired =
        issuer
            .token()
            .subject("alice")
            .scopes("books.read")
            .issuedAt(now.minus(Duration.ofHours(2)))
            .expiresAt(now.minus(Duration.ofHours(1)))
            .sign();
    String otherAudience =
        issuer
            .token()
            .subject("alice")
            .scopes("books.read")
            .audience("another-api")
            .expiresIn(lifetime)
            .sign();
    String noScope = issuer.token().subject("carol").scopes("profile").expiresIn(lifetime).sign();
    String librarian =
        issuer
            .token()
            .subject("bob")
            .scopes("books.read")
            .roles("librarian")
            .expiresIn(lifetime)
            .sign();
    return List.of(
        new Scenario(
            "valid token with books.read",
            "/api/books",
            reader,
            200,
            null,
            "{\"reader\":\"alice\",\"books\":[\"Dune\",\"Emma\"]}"),
        new Scenario(
            "expired token",
            "/api/books",
            expired,
            401,
            "Bearer error=\"invalid_token\", error_description=\"token expired\","
                + " scope=\"books.read\"",
            "{\"error\":{\"code\":\"invalid_token\",\"message\":\"token expired\"}}"),
        new Scenario(
            "token for another audience",
            "/api/books",
            otherAudience,
            401,
            "Bearer error=\"invalid_token\", error_description=\"audience not accepted\","
                + " scope=\"books.read\"",
            "{\"error\":{\"code\":\"invalid_token\",\"message\":\"audience not accepted\"}}"),
        new Scenario(
            "valid token without books.read (@RequireScopes)",
            "/api/books",
            noScope,
            403,
            "Bearer error=\"insufficient_scope\", error_description=\"token lacks a required scope\", scope=\"books.read\"",
            "{\"error\":{\"code\":\"insufficient_scope\",\"message\":\"token lacks a required scope\"}}"),
        new Scenario(
            "no token",
            "/api/books",
            null,
            401,
            "Bearer scope=\"books.read\"",
            "{\"error\":{\"code\":\"missing_token\",\"message\":\"no bearer token\"}}"),
        new Scenario(
            "valid token without the librarian role (@RolesAllowed, enforced by Gatehouse)",
            "/api/books/loans",
            reader,
            403,
            null,
            "{\"error\":{\"code\":\"access_denied\",\"message\":\"token lacks a required role\"}}"),
        new Scenario(
            "token with the librarian role",
            "/api/books/loans",
            librarian,
            200,
            null,
            "{\"librarian\":\"bob\",\"loans\":{\"Dune\":\"alice\"}}"),
        new Scenario(
            "health check, @PermitAll", "/health", null, 200, null, "{\"status\":\"up\"}"));
  }

  /** Starts a mock issuer and the example, prints curl commands, and runs until stopped. */
  public static void main(String[] args) throws InterruptedException {
    // Jersey warns at start-up about optional providers (JAXB, Activation) this API does not use.
    JERSEY_LOG.setLevel(Level.SEVERE);
    ExampleMain.run(
        "Jersey 3.1 (JDK HTTP server)",
        ROUTES,
        args,
        JerseyExample::start,
        JerseyExample::scenarios);
  }

  private record Running(HttpServer server, URI baseUri) implements RunningExample {
    @Override
    public void close() {
      server.stop(0);
    }
  }
}
